"""The digital assistant and the queue display under load.

    .venv/bin/python bench/engagement.py                      # SQLite (var/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench .venv/bin/python bench/engagement.py

1. Accuracy of the assistant on motcua/assistant/data/eval.json (tuned on) and heldout.json (not):
   top-1, top-3, off-topic refused.
2. POST /api/v1/assistant/ask: gunicorn with 2 workers × 2 threads (the 2 cores), 4 clients,
   questions drawn from the evaluation set: answers per second and latency.
3. The hall's display: 50 screens polling the board fragment at once (a screen polls every 3 s,
   so 50 screens need ~17 requests/s): requests per second and latency.
"""

import json
import os
import sys
import time

from common import ROOT, engine, free_port, hammer, prepare, production_env, serve, stop

sys.path.insert(0, str(ROOT))


def main():
    env = production_env(MOTCUA_ASSISTANT_RATE="1000000/m", MOTCUA_FEEDBACK_RATE="1000000/h")
    prepare(env)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    import django

    django.setup()
    from motcua.assistant import evaluation, services
    from motcua.engagement import queue
    from motcua.engagement.models import QueueService
    from motcua.units.models import Agency

    services.build_vectors()
    for name in evaluation.SETS:
        started = time.perf_counter()
        result = evaluation.evaluate(evaluation.load(name))
        print(
            f"\n{engine(env)}: assistant on {result['questions']} questions ({name}): top-1 {result['top1']:.1%}, "
            f"top-3 {result['top3']:.1%}, off-topic refused {result['refused_off_topic']:.1%} "
            f"({time.perf_counter() - started:.1f} s in one thread)"
        )

    centre = Agency.objects.get(kind=Agency.Kind.SERVICE_CENTRE)
    queue.ensure_service_per_counter(centre)
    for service in QueueService.objects.filter(agency=centre)[:6]:
        for _ in range(5):
            queue.take_ticket(service)
    from django.db import connections

    connections.close_all()

    questions = [q["question"] for q in evaluation.load()]

    def warm(rng):
        return (
            "POST",
            "/api/v1/assistant/ask",
            json.dumps({"question": rng.choice(questions)}),
            {"Content-Type": "application/json"},
        )

    def board(rng):
        return ("GET", f"/xep-hang/{centre.code}/man-hinh/", None, {"HX-Request": "true"})

    port = free_port()
    server = serve(env, port, workers=2, threads=2)
    try:
        hammer(port, 2, 8, warm)  # each worker loads its index and the model once
        asked = hammer(port, 4, 400, warm)
        print(
            f"assistant API, 4 clients: {asked['rps']:.1f} answers/s, p50 {asked['p50_ms']:.0f} ms, p95 {asked['p95_ms']:.0f} ms, "
            f"failures {asked['failures']}"
        )
        shown = hammer(port, 50, 2500, board)
        print(
            f"queue display, 50 screens at once: {shown['rps']:.0f} requests/s (needed: ~17), p50 {shown['p50_ms']:.0f} ms, "
            f"p95 {shown['p95_ms']:.0f} ms, failures {shown['failures']}"
        )
    finally:
        stop(server)


if __name__ == "__main__":
    main()
