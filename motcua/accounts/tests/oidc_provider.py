"""A real OpenID Connect provider for the tests, built with pyop (the provider library used by
SATOSA) and served over HTTPS from a thread with a certificate made for the test: discovery,
authorisation, token, keys and userinfo endpoints, RS256-signed ID tokens. The person signing
in is chosen by the test (``person``), as if they had just authenticated at the provider."""

import datetime
import ipaddress
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import time_machine
from Cryptodome.PublicKey import RSA
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from jwkest.jwk import RSAKey
from pyop.authz_state import AuthorizationState
from pyop.exceptions import InvalidAuthenticationRequest
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo


def self_signed_certificate(folder) -> tuple[str, str]:
    """A certificate for 127.0.0.1, written as PEM files; returns (certificate, key) paths."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    # OpenSSL checks the certificate against the machine's clock, not the tests' (time-machine moves
    # only Python's): its validity is counted from the real now.
    hatch = time_machine.escape_hatch
    now = (hatch.datetime.datetime if hatch.is_travelling() else datetime.datetime).now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = f"{folder}/op-cert.pem", f"{folder}/op-key.pem"
    with open(cert_path, "wb") as out:
        out.write(certificate.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as out:
        out.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return cert_path, key_path


class TestProvider:
    __test__ = False  # a helper, whatever pytest thinks of its name

    def __init__(self, *, client_id: str, client_secret: str, redirect_uri: str, people: dict, folder):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.certificate, key = self_signed_certificate(folder)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.certificate, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.issuer = f"https://127.0.0.1:{self.server.server_address[1]}"
        self.person = next(iter(people))
        self.client_id, self.client_secret, self.redirect_uri = client_id, client_secret, redirect_uri
        self.provider = Provider(
            RSAKey(key=RSA.generate(2048), alg="RS256", kid="motcua-test"),
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "jwks_uri": f"{self.issuer}/jwks",
                "scopes_supported": ["openid", "profile", "email", "phone"],
                "response_types_supported": ["code"],
                "response_modes_supported": ["query"],
                "grant_types_supported": ["authorization_code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "claims_parameter_supported": True,
                "request_parameter_supported": False,
                "request_uri_parameter_supported": False,
            },
            AuthorizationState(HashBasedSubjectIdentifierFactory("motcua-test-salt")),
            {
                client_id: {
                    "client_secret": client_secret,
                    "redirect_uris": [redirect_uri],
                    "response_types": ["code"],
                    "token_endpoint_auth_method": "client_secret_basic",
                }
            },
            Userinfo(people),
            # VNeID-style: the personal ID number comes with the profile claims.
            extra_scopes={"profile": ["name", "family_name", "given_name", "national_id"]},
        )

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status, body=b"", headers=None):
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _json(self, text):
                self._send(200, text.encode(), {"Content-Type": "application/json", "Cache-Control": "no-store"})

            def do_GET(self):
                url = urlparse(self.path)
                provider = outer.provider
                if url.path == "/.well-known/openid-configuration":
                    self._json(provider.provider_configuration.to_json())
                elif url.path == "/userinfo":
                    self._json(provider.handle_userinfo_request(url.query, dict(self.headers.items())).to_json())
                elif url.path == "/jwks":
                    self._json(json.dumps(provider.jwks))
                elif url.path == "/authorize":
                    try:
                        request = provider.parse_authentication_request(url.query)
                    except InvalidAuthenticationRequest as error:
                        self._send(400, str(error).encode())
                        return
                    response = provider.authorize(request, outer.person)
                    self._send(302, headers={"Location": response.request(request["redirect_uri"], False)})
                else:
                    self._send(404)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                headers = dict(self.headers.items())
                if self.path == "/token":
                    self._json(outer.provider.handle_token_request(body, headers).to_json())
                elif self.path == "/userinfo":
                    self._json(outer.provider.handle_userinfo_request(body, headers).to_json())
                else:
                    self._send(404)

            def log_message(self, *args):
                pass

        return Handler
