"""Evidence in a real browser: uploaded with the form, previewed on the entry page (the picture
really loads: the frame and content-type headers let it), and a PDF preview framed by the page."""

from __future__ import annotations

import pytest

from tests.security.samples import clean_pdf, png_bytes

pytestmark = pytest.mark.browser


def test_reporter_uploads_evidence_and_sees_it_previewed(open_as, tmp_path):
    picture = tmp_path / "刊发截图.png"
    picture.write_bytes(png_bytes(size=(120, 80)))
    page = open_as("tx_ap01")
    page.goto("/entries/new/article/")
    page.get_by_label("媒体级别").select_option(label="市级")
    page.get_by_label("标题").fill("佐证预览测试稿件")
    page.get_by_label("佐证材料").set_input_files(str(picture))
    page.get_by_role("button", name="保存草稿").click()
    assert page.locator("#entry-status").inner_text() == "草稿"
    preview = page.locator("img#evidence-preview")
    preview.scroll_into_view_if_needed()
    page.wait_for_function("() => document.getElementById('evidence-preview').complete")
    assert preview.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [120, 80]
    href = page.locator("#evidence-download").get_attribute("href")
    assert href.endswith("/evidence/")

    # replace it with a PDF: the page frames the inline PDF from this site
    document = tmp_path / "版面.pdf"
    document.write_bytes(clean_pdf())
    page.get_by_role("link", name="修改").click()
    page.get_by_label("佐证材料").set_input_files(str(document))
    with page.expect_response(lambda r: "inline=1" in r.url) as caught:
        page.get_by_role("button", name="保存草稿").click()
        page.locator("iframe#evidence-preview").scroll_into_view_if_needed()
    response = caught.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.headers["x-content-type-options"] == "nosniff"
