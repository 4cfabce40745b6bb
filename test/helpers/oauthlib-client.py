"""A real OAuth 2.0 client against POST /auth/token: Python's oauthlib (Debian's python3-oauthlib)
builds each request and reads each answer, as requests-oauthlib drives it; urllib only carries them.

Usage: oauthlib-client.py BASE_URL CLIENT_ID CLIENT_SECRET. Prints one JSON object: for each step,
"ok" or the oauthlib exception class the answer raised (InvalidClientError, InvalidGrantError, ...).
"""
import base64
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

# oauthlib refuses plain http unless told; the test server listens on loopback only.
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
from oauthlib.oauth2 import BackendApplicationClient  # noqa: E402

base, client_id, client_secret = sys.argv[1:4]
token_url = base + "/auth/token"


def post(body, headers=None):
    request = urllib.request.Request(token_url, data=body.encode(), method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def basic(cid, secret):
    # RFC 6749 2.3.1: each form-encoded, then joined and base64-encoded.
    pair = urllib.parse.quote_plus(cid) + ":" + urllib.parse.quote_plus(secret)
    return {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode()}


results = {}


def step(name, fn):
    try:
        results[name] = fn()
    except Exception as err:  # the oauthlib error class is the result
        results[name] = type(err).__name__


client = BackendApplicationClient(client_id=client_id)


def fetch(body, headers=None):
    status, text = post(body, headers)
    token = client.parse_request_body_response(text)
    return {"status": status, "token": token}


tokens = {}


def body_credentials():
    got = fetch(client.prepare_request_body(include_client_id=True, client_secret=client_secret))
    tokens["first"] = got["token"]
    return "ok" if got["token"]["token_type"] == "Bearer" and got["token"]["expires_in"] == 3600 else repr(got)


def basic_credentials():
    got = fetch(client.prepare_request_body(), basic(client_id, client_secret))
    tokens["basic"] = got["token"]
    return "ok"


def use_access_token():
    uri, headers, _ = client.add_token(base + "/clients")
    with urllib.request.urlopen(urllib.request.Request(uri, headers={**headers, "Accept": "application/json"})) as response:
        return "ok" if response.status == 200 else response.status


def refresh():
    old = tokens["first"]["refresh_token"]
    got = fetch(client.prepare_refresh_body(refresh_token=old), basic(client_id, client_secret))
    return "ok" if got["token"]["refresh_token"] != old else "same refresh token"


def reuse_refresh_token():
    fetch(client.prepare_refresh_body(refresh_token=tokens["first"]["refresh_token"]), basic(client_id, client_secret))
    return "accepted"


def wrong_secret():
    fetch(client.prepare_request_body(include_client_id=True, client_secret=client_secret + "x"))
    return "accepted"


def wrong_secret_basic():
    fetch(client.prepare_request_body(), basic(client_id, client_secret + "x"))
    return "accepted"


def unsupported_grant():
    fetch("grant_type=password&username=a&password=b", basic(client_id, client_secret))
    return "accepted"


step("body_credentials", body_credentials)
step("basic_credentials", basic_credentials)
step("use_access_token", use_access_token)
step("refresh", refresh)
step("reuse_refresh_token", reuse_refresh_token)
step("wrong_secret", wrong_secret)
step("wrong_secret_basic", wrong_secret_basic)
step("unsupported_grant", unsupported_grant)
print(json.dumps(results))
