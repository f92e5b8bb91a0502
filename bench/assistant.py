"""The digital assistant over the whole shipped catalogue: retrieval quality on the evaluation sets,
then its answers under load beside a bare Django view (the floor).

    .venv/bin/python bench/assistant.py                    # SQLite (var/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_assistant .venv/bin/python bench/assistant.py

1. In one process: the assistant's answer (``services.ask``, what both endpoints call) to every
   question of motcua/assistant/data/eval.json (tuned on) and heldout.json (never tuned on):
   top-1, top-3 (the expected procedure code, or an accepted alternative, among the procedures
   offered), off-topic questions answered "I don't know", and the time of one answer.
2. gunicorn (production settings, DEBUG off, 3 workers × 4 threads as deployed) on a free local
   port: the bare view /ping, the chat widget's turn (``POST /tro-ly-ao/``, htmx, with a CSRF
   token and a session per visitor: what people on the portal use) and the JSON API
   (``POST /api/v1/assistant/ask``), each with 1 client one request at a time and with N
   concurrent clients on keep-alive, questions drawn from both sets.

It loads the units and the shipped catalogue if the database lacks them, builds the assistant's
vectors for the catalogue's revision from the shipped ones, sends requests only to 127.0.0.1,
prints a table and stops by itself.
"""

import argparse
import http.client
import json
import logging
import os
import re
import statistics
import sys
import time
import urllib.parse

from common import ROOT, engine, free_port, hammer, prepare, production_env, serve, stop

sys.path.insert(0, str(ROOT))


def quality() -> list[str]:
    """Accuracy on both sets and the time of one answer in this process (index already loaded)."""
    from motcua.assistant import evaluation, services
    from motcua.catalogue.models import Procedure

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # "Building index from tokens" per index
    services.build_vectors()
    published = Procedure.objects.filter(status=Procedure.Status.PUBLISHED)
    index_only = published.filter(record_status="index_only").count() if hasattr(Procedure, "record_status") else 0
    started = time.perf_counter()
    if services.index().vectors is None:
        raise SystemExit("the assistant's vectors are missing")
    built = time.perf_counter() - started
    lines = [
        f"catalogue: {published.count()} published procedures ({index_only} index-only); index built in {built:.1f} s"
    ]
    for name in evaluation.SETS:
        questions = evaluation.load(name)
        result = evaluation.evaluate(questions)
        timings = []
        for item in questions:
            started = time.perf_counter()
            services.ask(item["question"])
            timings.append((time.perf_counter() - started) * 1000)
        quantiles = statistics.quantiles(timings, n=100)
        off = result["off_topic"]
        lines.append(
            f"{name:<8} {result['questions']} questions: top-1 {result['top1']:.1%}, top-3 {result['top3']:.1%}, "
            f"off-topic refused {result['refused_off_topic']:.1%} ({round(result['refused_off_topic'] * off)} of {off}); "
            f"one answer in-process p50 {quantiles[49]:.1f} ms, p95 {quantiles[94]:.1f} ms"
        )
    return lines


def visitor(port: int) -> dict:
    """A visitor of the portal: the assistant's page read once (CSRF cookie and token), one
    question asked (a session), as the widget would."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/tro-ly-ao/")
    response = conn.getresponse()
    page = response.read().decode()
    cookies = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"question": "đăng ký khai sinh", "csrfmiddlewaretoken": token})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
    }
    conn.request("POST", "/tro-ly-ao/", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"the widget answered {response.status}")
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    conn.close()
    return {"token": token, "cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=1000, help="requests per scenario with N clients")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    args = parser.parse_args()

    env = production_env(MOTCUA_ASSISTANT_RATE="1000000/m", MOTCUA_FEEDBACK_RATE="1000000/h")
    prepare(env)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    import django

    django.setup()
    from django.db import connections

    from motcua.assistant import evaluation

    print(f"\n{engine(env)}, {os.cpu_count()} cores")
    for line in quality():
        print(line, flush=True)
    questions = [item["question"] for name in evaluation.SETS for item in evaluation.load(name)]
    connections.close_all()

    port = free_port()
    server = serve(env, port, args.workers, args.threads)
    try:
        visitors = [visitor(port) for _ in range(args.clients)]

        def api(rng):
            body = json.dumps({"question": rng.choice(questions)})
            return ("POST", "/api/v1/assistant/ask", body, {"Content-Type": "application/json"})

        def widget(rng):
            who = rng.choice(visitors)
            body = urllib.parse.urlencode({"question": rng.choice(questions), "csrfmiddlewaretoken": who["token"]})
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "HX-Request": "true",
                "Cookie": who["cookie"],
            }
            return ("POST", "/tro-ly-ao/", body, headers)

        # Every worker loads its index (and the model) on its first question.
        hammer(port, args.clients, args.clients * 10, api)
        print(
            f"\ngunicorn {args.workers} workers × {args.threads} threads; {args.requests} requests per scenario with "
            f"{args.clients} clients, {args.requests // 4} with 1\n"
            f"{'scenario':<34} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'errors':>6}"
        )
        scenarios = [
            ("bare view /ping (floor)", lambda rng: ("GET", "/ping", None, {})),
            ("widget POST /tro-ly-ao/ (htmx)", widget),
            ("API POST /api/v1/assistant/ask", api),
        ]
        for name, make in scenarios:
            for clients in (1, args.clients):
                result = hammer(port, clients, args.requests if clients > 1 else args.requests // 4, make)
                print(
                    f"{name:<34} {clients:>7} {result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} "
                    f"{result['p99_ms']:>8.1f} {result['rps']:>8.1f} {result['failures']:>6}",
                    flush=True,
                )
    finally:
        stop(server)


if __name__ == "__main__":
    main()
