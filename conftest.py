"""Test set-up shared by every app: the clock, tasks run in-process, files go to a temporary
folder, and browser tests get a Playwright page on Debian's chromium against a live server.

Time is an input. `MOTCUA_TEST_NOW` (an ISO moment, e.g. ``2027-01-01T00:05+07:00``) starts the
whole run's clock there (it ticks on); tests that depend on the date take the `hard_moment`
fixture, which runs them once at each of `HARD_MOMENTS`, or freeze the clock themselves with
time-machine's `time_machine` fixture. See docs/development.md."""

import os
from datetime import datetime

import pytest
import time_machine

from motcua.core.tests.moments import HARD_MOMENTS, ICT


def pytest_configure(config):
    start = os.environ.get("MOTCUA_TEST_NOW")
    if start:
        moment = datetime.fromisoformat(start)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ICT)
        config._motcua_clock = time_machine.travel(moment, tick=True)
        config._motcua_clock.start()


def pytest_unconfigure(config):
    clock = getattr(config, "_motcua_clock", None)
    if clock is not None:
        clock.stop()


def pytest_report_header(config):
    start = os.environ.get("MOTCUA_TEST_NOW")
    return f"clock: {'from ' + start if start else 'the real one'} (MOTCUA_TEST_NOW)"


@pytest.fixture(params=list(HARD_MOMENTS), ids=list(HARD_MOMENTS))
def hard_moment(request, time_machine):
    """Runs the test once at each of HARD_MOMENTS, the clock ticking on from there; returns it."""
    moment = HARD_MOMENTS[request.param]
    time_machine.move_to(moment, tick=True)
    return moment


CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _isolated_side_effects(settings, tmp_path):
    from django.core.cache import cache

    cache.clear()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def gateway(settings):
    """The shipped SMS / Zalo gateway simulator, with the adapters pointed at it (Zalo has an
    approved template for the "received" event only)."""
    from motcua.notifications.simulator import GatewaySimulator

    simulator = GatewaySimulator().start()
    settings.MOTCUA_SMS_GATEWAY_URL = f"{simulator.url}/sms"
    settings.MOTCUA_ZALO_GATEWAY_URL = f"{simulator.url}/zalo"
    settings.MOTCUA_ZALO_ACCESS_TOKEN = "oa-token"
    settings.MOTCUA_ZALO_TEMPLATE_IDS = {"dossier.received": "231456"}
    yield simulator
    simulator.stop()


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by test
    # code around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    # Links the app writes out in full (assistant answers, messages, QR codes) point at this server.
    settings.SITE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
