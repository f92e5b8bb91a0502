"""Messages delivered per second by one worker, and payment callbacks (VNPay IPN, national
platform CONFIRM) handled per second.

    .venv/bin/python bench/payments.py                       # SQLite (var/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench .venv/bin/python bench/payments.py

In one process: 500 SMS messages through the real HTTP adapter to the gateway simulator; then
200 payments per gateway, each confirmed by a signed callback sent twice (the second must
answer 02), with 8 threads sending at once.
"""

import os
import sys
import threading
import time

from common import ROOT, prepare, production_env

sys.path.insert(0, str(ROOT))


def main():
    env = {
        **production_env(),
        "MOTCUA_ENV": "development",
        "MOTCUA_PKI_DIR": str(ROOT / "var" / "bench-pki"),
        "DJANGO_MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
    }
    prepare(env)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, connections

    from motcua.accounts.models import User
    from motcua.accounts.services import ensure_demo_accounts
    from motcua.dossiers.models import Dossier
    from motcua.notifications import services as notifications
    from motcua.notifications.models import Message
    from motcua.notifications.simulator import GatewaySimulator
    from motcua.payments import services as payments
    from motcua.payments.models import Payment
    from motcua.payments.tests.test_paygov import confirm
    from motcua.payments.tests.test_vnpay import callback

    ensure_demo_accounts()
    simulator = GatewaySimulator().start()
    settings.MOTCUA_SMS_GATEWAY_URL = f"{simulator.url}/sms"
    user = User.objects.get(username="congdan")
    run = str(int(time.time()))
    values = {
        "code": "000.23.00.H17-261125-0001",
        "appointment": "hẹn trả kết quả 16:30 ngày 30/11/2026",
        "procedure": "Đăng ký khai sinh",
        "agency": "UBND phường Hải Châu",
        "link": "http://127.0.0.1:8000/ho-so/x/",
    }
    queued = [
        notifications.notify(
            user, key=f"bench-{run}-{n}", event="dossier.received", values=values, only={"sms": user.phone}
        )[0]
        for n in range(500)
    ]
    started = time.perf_counter()
    for message in queued:
        notifications.deliver_now(message.pk)
    elapsed = time.perf_counter() - started
    sent = Message.objects.filter(key__startswith=f"bench-{run}-", state="sent").count()
    print(
        f"\n{connection.vendor}: {sent} SMS delivered through the HTTP adapter in {elapsed:.2f} s = {sent / elapsed:.0f} messages/s"
    )
    simulator.stop()

    dossiers = list(Dossier.objects.exclude(status=0).order_by("-pk")[:50])
    if not dossiers:
        raise SystemExit("run bench/workflow.py first: it makes dossiers to pay for")
    for name, handle in [
        ("VNPay IPN", lambda params: payments.handle_vnpay_ipn(params).code),
        ("PayGov CONFIRM", lambda message: payments.handle_paygov_confirm(message)["MaLoi"]),
    ]:
        # Spread over the dossiers there are, as payments are: confirming one locks its dossier.
        made = [
            Payment.objects.create(dossier=dossiers[n % len(dossiers)], amount=8000, description="Thử tải")
            for n in range(200)
        ]
        sign = callback if name.startswith("VNPay") else confirm
        calls = [sign(p) for p in made for _ in range(2)]
        answers, lock = [], threading.Lock()

        def worker(chunk, handle=handle, answers=answers, lock=lock):
            for message in chunk:
                code = handle(message)
                with lock:
                    answers.append(code)
            connections.close_all()

        threads = [threading.Thread(target=worker, args=(calls[i::8],)) for i in range(8)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        paid = Payment.objects.filter(pk__in=[p.pk for p in made], state="paid").count()
        print(
            f"{len(calls)} {name} calls (each payment twice, 8 threads) in {elapsed:.2f} s = {len(calls) / elapsed:.0f} callbacks/s; "
            f"answers 00: {answers.count('00')}, 02: {answers.count('02')}, other: {len(answers) - answers.count('00') - answers.count('02')}; "
            f"payments confirmed {paid} of {len(made)}"
        )


if __name__ == "__main__":
    main()
