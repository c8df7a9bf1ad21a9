#!/usr/bin/env python3
"""Signs a user in through the hosted pages once (login, consent) and runs
the authorization code flow N times, printing one refresh token per line:
the seed families for refresh_token.lua. Standard library only.

  seed_refresh_tokens.py BASE SLUG CLIENT_ID EMAIL PASSWORD COUNT
"""
import base64
import hashlib
import html
import http.cookiejar
import json
import re
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request

base, slug, client_id, email, password, count = sys.argv[1:7]
redirect_uri = "http://127.0.0.1:9/cb"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)


def call(path, form=None):
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    try:
        res = opener.open(urllib.request.Request(base + path, data=data))
        return res.status, res.headers, res.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def csrf(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def code_for(location_or_page):
    url = location_or_page
    m = re.search(r"url='([^']+)'", location_or_page)
    if m:
        url = html.unescape(m.group(1))
    return urllib.parse.parse_qs(urllib.parse.urlparse(url).query)["code"][0]


def authorize():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = urllib.parse.urlencode({
        "response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri,
        "scope": "openid offline_access", "state": "s", "code_challenge": challenge,
        "code_challenge_method": "S256"})
    status, headers, body = call(f"/t/{slug}/authorize?{query}")
    if status == 303 and "/login?" in headers["Location"]:
        login = headers["Location"]
        _, _, page = call(login)
        return_to = urllib.parse.parse_qs(urllib.parse.urlparse(login).query)["return_to"][0]
        status, headers, body = call(f"/t/{slug}/login", {
            "csrf_token": csrf(page), "method": "io.sigid.signin-password", "return_to": return_to,
            "email": email, "password": password})
        status, headers, body = call(headers["Location"])
    if status == 303 and "/consent?" in headers["Location"]:
        consent = headers["Location"]
        _, _, page = call(consent)
        request = urllib.parse.parse_qs(urllib.parse.urlparse(consent).query)["request"][0]
        status, headers, body = call(f"/t/{slug}/consent",
                                     {"csrf_token": csrf(page), "request": request, "decision": "allow"})
        status, headers, body = call(headers["Location"])
    code = code_for(headers["Location"] if status == 302 else body)
    status, _, body = call(f"/t/{slug}/token", {
        "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
        "client_id": client_id, "code_verifier": verifier})
    assert status == 200, body
    return json.loads(body)["refresh_token"]


for _ in range(int(count)):
    print(authorize())
