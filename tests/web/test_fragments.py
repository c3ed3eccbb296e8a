"""Parts of pages kept in the cache (web/fragments.py): never stale, never another scope's.

Each test goes through the real path: the page is requested (and kept), the data changes through
the services or the review form, and the next request must show the change. A reader of another
unit, asking with the same parameters, must not get the first reader's part."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zongjie.ledger import services as ledger
from zongjie.ledger.models import Adoption, EntryStatus, MediaLevel, Outlet
from zongjie.org.models import Role
from zongjie.testing.factories import make_entry, make_user
from zongjie.web import fragments

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def kept(kind: str) -> int:
    """How many parts of `kind` the cache holds now (LocMemCache: its own keys)."""
    return sum(1 for k in cache._cache if f"zj:part:{kind}:" in k)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_review_queue_is_kept_and_a_review_shows_on_the_next_request(org):
    one = make_entry(org.town_a1, status=EntryStatus.SUBMITTED, title="待审甲一")
    two = make_entry(org.town_a1, status=EntryStatus.SUBMITTED, title="待审甲二")
    carol = client_for(org.carol)
    first = carol.get(reverse("review_queue")).content.decode()
    assert "待审甲一" in first and "待审甲二" in first and kept("review") == 1
    again = carol.get(reverse("review_queue")).content.decode()
    assert kept("review") == 1 and again.count("待审甲一") == first.count("待审甲一")
    carol.post(reverse("review_act"), {"approve_one": one.pk})
    after = carol.get(reverse("review_queue")).content.decode()
    assert f'id="row-{one.pk}"' not in after and f'id="row-{two.pk}"' in after
    assert '<span id="queue-total">1</span>' in after
    assert "已通过：待审甲一" in after  # the message, rendered for this request only
    # A unit renamed shows too (a unit is on every part: the global version).
    org.town_a1.name = "甲县新城镇"
    org.town_a1.save()
    assert "甲县新城镇" in carol.get(reverse("review_queue")).content.decode()


def test_review_queue_keeps_the_csrf_token_and_messages_per_request(org):
    make_entry(org.town_a1, status=EntryStatus.SUBMITTED, title="待审甲")
    carol = client_for(org.carol)
    carol.get(reverse("review_queue"))  # kept
    other = Client(enforce_csrf_checks=True)
    other.force_login(org.carol)
    page = other.get(reverse("review_queue")).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token and other.cookies["csrftoken"].value  # this client's own token, in the form
    entry = make_entry(org.town_a1, status=EntryStatus.SUBMITTED, title="再审")
    done = other.post(
        reverse("review_act"), {"approve_one": entry.pk, "csrfmiddlewaretoken": token}, follow=True
    )
    assert done.status_code == 200 and "已通过：再审" in done.content.decode()


def test_a_reviewer_of_another_unit_never_gets_the_kept_queue(org):
    make_entry(org.town_a1, status=EntryStatus.SUBMITTED, title="甲县的待审稿")
    make_entry(org.town_b1, status=EntryStatus.SUBMITTED, title="乙县的待审稿")
    carol = client_for(org.carol)
    assert "甲县的待审稿" in carol.get(reverse("review_queue")).content.decode()
    bea = make_user("bea_reviewer", org.county_b, Role.REVIEWER)
    theirs = client_for(bea).get(reverse("review_queue")).content.decode()
    assert "乙县的待审稿" in theirs and "甲县的待审稿" not in theirs
    assert kept("review") == 2  # one part per scope
    assert fragments.key("review", org.carol) != fragments.key("review", bea)


def test_claims_list_is_kept_per_reviewer_and_a_claim_shows_and_goes_on_the_next_request(org):
    entry = make_entry(org.town_a1, title="已发稿件", occurred_on=date(2026, 3, 1))
    carol = client_for(org.carol)
    assert "没有待确认的采用或批示" in carol.get(reverse("review_queue")).content.decode()
    assert kept("review-claims") == 1
    claim = ledger.add_adoption(
        org.bob, entry, level=MediaLevel.PROVINCIAL, adopted_by="省日报", adopted_on=date(2026, 3, 2)
    )
    page = carol.get(reverse("review_queue")).content.decode()
    assert f'id="claim-adoption-{claim.pk}"' in page and "省日报" in page and "已发稿件" in page
    carol.post(reverse("claim_act", args=["adoption", claim.pk]), {"decision": "confirm"})
    assert f'id="claim-adoption-{claim.pk}"' not in carol.get(reverse("review_queue")).content.decode()
    # A claim on a reviewer's own entry is left out of their list only: a second reviewer of
    # the same scope, asking after the first one's list was kept, gets their own list with it.
    own = make_entry(org.town_a1, title="自己的稿件", occurred_on=date(2026, 3, 1), created_by=org.carol)
    mine = ledger.add_adoption(
        org.carol, own, level=MediaLevel.CENTRAL, adopted_by="人民日报", adopted_on=date(2026, 3, 3)
    )
    assert f'id="claim-adoption-{mine.pk}"' not in carol.get(reverse("review_queue")).content.decode()
    dan = make_user("dan_reviewer", org.county_a, Role.REVIEWER)
    assert fragments.scope(dan) == fragments.scope(org.carol)
    assert f'id="claim-adoption-{mine.pk}"' in client_for(dan).get(reverse("review_queue")).content.decode()


def test_a_person_renamed_shows_in_the_kept_claims_and_a_login_keeps_the_parts(org):
    entry = make_entry(org.town_a1, title="已发稿件", occurred_on=date(2026, 3, 1))
    ledger.add_adoption(
        org.bob, entry, level=MediaLevel.PROVINCIAL, adopted_by="省日报", adopted_on=date(2026, 3, 2)
    )
    org.bob.first_name, org.bob.last_name = "", ""
    org.bob.save()
    carol = client_for(org.carol)
    assert org.bob.username in carol.get(reverse("review_queue")).content.decode()
    version = fragments.key("review-claims", org.carol, (org.carol.pk,))
    org.bob.last_login = timezone.now()
    org.bob.save(update_fields=["last_login"])  # what a login saves: no new version
    assert fragments.key("review-claims", org.carol, (org.carol.pk,)) == version
    org.bob.first_name, org.bob.last_name = "王", "博"
    org.bob.save()
    assert "王 博" in carol.get(reverse("review_queue")).content.decode()


def test_report_preview_is_kept_and_a_review_or_adoption_shows_on_the_next_request(org):
    make_entry(org.town_a1, title="已审稿件", occurred_on=date(2026, 3, 1))
    waiting = make_entry(
        org.town_a1, title="待审稿件", occurred_on=date(2026, 3, 2), status=EntryStatus.SUBMITTED
    )
    make_entry(org.town_a1, title="草稿", occurred_on=date(2026, 3, 3), status=EntryStatus.DRAFT)
    carol = client_for(org.carol)
    url, params = reverse("report_fragment"), {"unit": "A", "period": "2026H1"}
    assert "另有 <strong>2</strong> 条未计入" in carol.get(url, params).content.decode()
    assert kept("preview") == 1
    ledger.review_entry(org.carol, waiting, approve=True)
    html = carol.get(url, params).content.decode()
    assert "另有 <strong>1</strong> 条未计入" in html
    # An adoption recorded on an approved entry: the preview's key changes at once (whether the
    # new figures are shown inline or after a background refresh is the store's business).
    before = fragments.key("preview", org.carol, org.county_a.pk, waiting.period_id)
    Adoption.objects.create(
        entry=waiting, level=MediaLevel.CENTRAL, adopted_by="人民日报", adopted_on=date(2026, 3, 5)
    )
    assert fragments.key("preview", org.carol, org.county_a.pk, waiting.period_id) != before
    assert carol.get(url, params).status_code == 200


def test_an_outlet_renamed_shows_in_the_kept_queue(org):
    outlet = Outlet.objects.create(name="某日报", level=MediaLevel.MUNICIPAL)
    make_entry(org.town_a1, status=EntryStatus.SUBMITTED, title="待审", outlet=outlet)
    carol = client_for(org.carol)
    assert "某日报" in carol.get(reverse("review_queue")).content.decode()
    outlet.name = "某晚报"
    outlet.save()
    page = carol.get(reverse("review_queue")).content.decode()
    assert "某晚报" in page and "某日报" not in page


def test_a_reader_of_another_unit_never_gets_the_kept_preview_or_dashboard(org):
    make_entry(org.town_a1, title="甲县稿件", occurred_on=date(2026, 3, 1))
    victor = client_for(org.victor)  # city viewer: may read A
    assert victor.get(reverse("report_fragment"), {"unit": "A", "period": "2026H1"}).status_code == 200
    assert victor.get(reverse("dashboard"), {"unit": "A", "period": "2026H1"}).status_code == 200
    assert kept("preview") == 1 and kept("dashboard") == 1
    olivia = client_for(org.olivia)  # county B: may not read A, whatever is kept
    response = olivia.get(reverse("report_fragment"), {"unit": "A", "period": "2026H1"})
    assert response.status_code == 403 and "甲县稿件" not in response.content.decode()
    assert olivia.get(reverse("dashboard"), {"unit": "A", "period": "2026H1"}).status_code == 403
    # Her own dashboard is hers: another key, other units.
    own = olivia.get(reverse("dashboard"), {"period": "2026H1"}).content.decode()
    assert "乙县" in own and kept("dashboard") == 2


def test_dashboard_is_kept_and_a_review_shows_on_the_next_request(org):
    entry = make_entry(org.town_a1, title="待审", occurred_on=date(2026, 3, 1), status=EntryStatus.SUBMITTED)
    victor = client_for(org.victor)
    params = {"unit": "C", "period": "2026H1"}
    before = main(victor.get(reverse("dashboard"), params))
    assert kept("dashboard") == 1
    assert main(victor.get(reverse("dashboard"), params)) == before and kept("dashboard") == 1
    ledger.review_entry(org.carol, entry, approve=True)
    after = main(victor.get(reverse("dashboard"), params))
    assert after != before and kept("dashboard") == 2


def main(response) -> str:
    """The page's content (the CSP nonce in the head differs on every request, as it must)."""
    html = response.content.decode()
    return html[html.index("<h1>") : html.index("</main>")]


def test_a_dashboard_asked_again_is_served_without_its_lookups_but_not_across_scopes(org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_entry(org.town_a1, title="甲县稿件", occurred_on=date(2026, 3, 1))
    victor = client_for(org.victor)
    params = {"unit": "A", "period": "2026H1"}
    first = main(victor.get(reverse("dashboard"), params))
    with CaptureQueriesContext(connection) as queries:
        again = victor.get(reverse("dashboard"), params)
    assert main(again) == first
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "ledger_period" not in sql and '"org_unit"."code" =' not in sql  # no lookups
    # Another scope asking the same: checked and refused, not served the kept part.
    olivia = client_for(org.olivia)
    assert olivia.get(reverse("dashboard"), params).status_code == 403
    # The reader's own scope changes (a role given): the page is looked up and built again.
    make_user("victor_2", org.county_b, Role.VIEWER)  # someone else's role: victor's part stays
    assert main(victor.get(reverse("dashboard"), params)) == first
    org.victor.memberships.create(unit=org.county_b, role=Role.REVIEWER)
    with CaptureQueriesContext(connection) as queries:
        victor.get(reverse("dashboard"), params)
    assert "ledger_period" in " ".join(q["sql"] for q in queries.captured_queries)
