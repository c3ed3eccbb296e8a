import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zongjie.settings")


def _application():
    from django.conf import settings

    from zongjie.security.proxy import trust_proxies

    django_app = get_wsgi_application()
    return trust_proxies(django_app, settings.TRUSTED_PROXY_NETWORKS)


application = _application()
