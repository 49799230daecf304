"""Every answer carries the Content-Security-Policy and the Permissions-Policy (issue 19)."""


def test_pages_carry_a_content_security_policy_and_a_permissions_policy(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in policy.split(";")[1]
    assert "camera=()" in response["Permissions-Policy"]
