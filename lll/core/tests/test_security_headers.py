"""Every answer carries a strict Content-Security-Policy and a Permissions-Policy (issue 19)."""

import pytest


def directives(policy: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


@pytest.mark.parametrize("path", ["/", "/wskazniki/", "/konto/logowanie/"])
def test_pages_carry_a_strict_content_security_policy_and_a_permissions_policy(client, db, path):
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    # No inline script, no eval, no inline style (style attributes or <style> elements).
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    permissions = dict(
        part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",")
    )
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]:
        assert permissions[feature] == "()", feature
    assert set(permissions.values()) == {"()"}  # nothing allowed, not even to this site
