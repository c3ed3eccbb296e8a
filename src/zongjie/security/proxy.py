"""Trust in a reverse proxy: which peers may tell us the client's address and scheme.

`ZONGJIE_TRUSTED_PROXIES` lists the addresses (or networks, `10.0.0.0/8`) of the proxies in
front of zongjie, usually `127.0.0.1` for nginx on the same host. A request whose direct
peer is one of them has its `X-Forwarded-For` / `-Proto` / `-Host` / `-Port` applied by
waitress's own parser (`REMOTE_ADDR` becomes the client's address, `wsgi.url_scheme` the
scheme the client used); from any other peer those headers are removed, so they can
never be forged. The same WSGI wrapper serves waitress, gunicorn and runserver.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Iterable

log = logging.getLogger("zongjie.proxy")

HEADERS = ("x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(items: Iterable[str]) -> list[Network]:
    """`127.0.0.1`, `::1`, `10.0.0.0/8` → networks; a bad item raises ValueError in Chinese."""
    networks = []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"ZONGJIE_TRUSTED_PROXIES 中的“{item}”不是 IP 地址或网段") from None
    return networks


def is_trusted(address: str, networks: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return False
    return any(ip in net for net in networks)


def trust_proxies(app: Callable, networks: list[Network]) -> Callable:
    """Wrap a WSGI app so forwarded headers count only from the trusted proxies."""
    from waitress.proxy_headers import (
        PROXY_HEADERS,
        MalformedProxyHeader,
        clear_untrusted_headers,
        parse_proxy_headers,
    )

    def wrapped(environ, start_response):
        untrusted = PROXY_HEADERS
        if networks and is_trusted(environ.get("REMOTE_ADDR", ""), networks):
            try:
                untrusted = parse_proxy_headers(
                    environ, trusted_proxy_count=1, trusted_proxy_headers=set(HEADERS), logger=log
                )
            except MalformedProxyHeader as exc:
                log.warning(
                    "malformed %s from proxy %s: %s", exc.header, environ.get("REMOTE_ADDR"), exc.value
                )
                body = f"代理转发的请求头 {exc.header} 格式不正确。".encode()
                start_response(
                    "400 Bad Request",
                    [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
                )
                return [body]
        clear_untrusted_headers(environ, untrusted)
        return app(environ, start_response)

    return wrapped
