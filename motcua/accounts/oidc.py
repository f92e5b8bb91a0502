"""Sign-in through an external OpenID Connect provider (the national e-identity VNeID and the
national public service portal both speak it). Authlib does the protocol: discovery, the
authorisation code flow with PKCE, state and nonce, and checking the ID token's signature
against the provider's published keys. This module only decides which local account it is.

Configured by environment variables (docs/deployment.md): MOTCUA_OIDC_ISSUER,
MOTCUA_OIDC_CLIENT_ID, MOTCUA_OIDC_CLIENT_SECRET, MOTCUA_OIDC_NATIONAL_ID_CLAIM.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from motcua.accounts.models import ExternalIdentity, User
from motcua.accounts.validators import validate_national_id

if TYPE_CHECKING:
    from authlib.integrations.django_client.apps import DjangoOAuth2App


def enabled() -> bool:
    config = settings.MOTCUA_OIDC
    return bool(config["issuer"] and config["client_id"])


def client() -> DjangoOAuth2App:
    """The provider's client, built from the current settings (they differ between tests)."""
    config = settings.MOTCUA_OIDC
    oauth = OAuth()
    return oauth.register(
        name=config["name"],
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        server_metadata_url=f"{config['issuer'].rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={"scope": config["scope"], "code_challenge_method": "S256", "timeout": 15},
    )


def verified_claims(request: HttpRequest) -> dict:
    """Ends the code flow: exchanges the code, checks the ID token (signature, issuer,
    audience, nonce), then adds what the userinfo endpoint says about the same subject."""
    provider = client()
    token = provider.authorize_access_token(request)
    claims = dict(token["userinfo"])
    if provider.load_server_metadata().get("userinfo_endpoint"):
        extra = provider.userinfo(token=token)
        if extra.get("sub") == claims.get("sub"):
            claims = {**extra, **claims}
    return claims


@transaction.atomic
def account_for(claims: dict) -> User:
    """The local account for verified ID-token claims: the one already linked to this subject,
    else the citizen with the same personal ID number, else a new citizen account."""
    config = settings.MOTCUA_OIDC
    provider, subject = config["name"], str(claims.get("sub") or "")
    if not subject:
        raise ValidationError("Nhà cung cấp định danh không trả về mã định danh (sub).")
    link = ExternalIdentity.objects.select_related("user").filter(provider=provider, subject=subject).first()
    if link is None:
        national_id = str(claims.get(config["national_id_claim"]) or "")
        try:
            validate_national_id(national_id)
        except ValidationError:
            national_id = ""
        user = User.objects.filter(national_id=national_id).first() if national_id else None
        if user is None:
            user = User(
                username=national_id or f"{provider}-{subject}"[:150],
                national_id=national_id or None,
                kind=User.Kind.CITIZEN,
                full_name=str(claims.get("name") or "")[:200],
                email=str(claims.get("email") or "")[:254],
                phone=str(claims.get("phone_number") or "")[:20],
            )
            user.set_unusable_password()
            user.save()
        link = ExternalIdentity.objects.create(provider=provider, subject=subject, user=user)
    link.last_login_at = timezone.now()
    link.save(update_fields=["last_login_at"])
    if not link.user.is_active:
        raise ValidationError("Tài khoản này đang bị khóa.")
    return link.user
