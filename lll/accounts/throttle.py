"""The client's address for login throttling, behind a trusted reverse proxy.

Behind nginx every request comes from the proxy's address; throttling on it would let anyone
lock everyone out. With `LLL_TRUSTED_PROXIES` (addresses or networks, comma-separated), a
request whose connection comes from a listed proxy is attributed to the address the proxy
appended to X-Forwarded-For (the right-most one that is not itself a listed proxy). A request
from anywhere else is attributed to its connection: a client cannot choose its own address by
sending the header.
"""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    connection = request.META.get("REMOTE_ADDR", "")
    networks = _trusted(tuple(settings.LLL_TRUSTED_PROXIES))
    if not networks or not _is_trusted(connection, networks):
        return connection
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed(forwarded):
        if address and not _is_trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return connection
    return connection
