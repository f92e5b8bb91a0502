"""The dossier's lifecycle, declared once.

``TABLE`` says, for every action anybody can take on a dossier, who may take it (roles in the
dossier's agency, the applicant, the system, an agency the dossier was transferred to), from
which national states (1–10) and office stages, under which guards, and where it leads. Every
reader asks this module: the services (``check``), the officers' work page and API
(``allowed``), the applicant's page, the admin, the generated tests and the diagram in
docs/lifecycle.md (``mermaid``). ``move`` is the only code that writes ``Dossier.status``,
``stage`` and ``assignee``.

A pause (supplement, fee, withdrawal request) remembers the state, stage and person the dossier
had; the action that ends it (``target=BACK``) returns the dossier exactly there.

What other apps do when a dossier moves (the clock, the fee, the national portal, the
indicators, telling the person who holds it) are *effects*: each app subscribes in its
``AppConfig.ready`` under a name in ``EFFECTS``, and ``move`` runs them in that order inside
its transaction. Effects that reach outside write an outbox row there (notifications.Message,
exchange.StatusUpdate, indicators.Stale) and the worker delivers it after the commit, so no
network call happens while the dossier's row is locked, and dossiers imports none of those apps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.dossiers.models import Dossier, Event, Pause, Stage, Status, SupplementRequest

if TYPE_CHECKING:
    from motcua.accounts.models import User

# Who takes an action, besides the officers' roles (accounts.models.Role) in the dossier's agency.
APPLICANT = "applicant"  # the applicant, or the agent who submitted for them
SYSTEM = "system"  # a gateway's callback, the national portal's call, the worker
TRANSFER_TARGET = "transfer_target"  # an officer of an agency the dossier was transferred to
ACTOR_LABELS = {APPLICANT: "người nộp hồ sơ", SYSTEM: "hệ thống", TRANSFER_TARGET: "cơ quan phối hợp liên thông"}

BACK = -1  # the target of an action that ends a pause: the state the dossier had when it began

S = Status
ALL = frozenset(s for s in Status if s != S.DRAFT)
# The dossier's states, by what they mean to the people around it.
WAITING_FOR_OFFICE = frozenset({S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.WITHDRAW_REQUESTED})
WAITING_FOR_APPLICANT = frozenset({S.SUPPLEMENT, S.PAYMENT})
OPEN = WAITING_FOR_OFFICE | WAITING_FOR_APPLICANT  # in progress: counted in every backlog
CLOSED = frozenset({S.REFUSED, S.STOPPED, S.RETURNED})  # nothing more happens
DONE = frozenset({S.FINISHED, S.RETURNED})  # a result was made


@dataclass(frozen=True)
class Guard:
    """A condition beyond role and state: ``fact`` must be ``holds``, else ``message``."""

    fact: str
    holds: bool
    message: str


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # what the button and the diagram say
    verb: str  # in "Không thể {verb} hồ sơ đang ở trạng thái …"
    sources: frozenset[int]
    actors: frozenset[str]
    target: int | None = None  # None: the state stays; BACK: where the pause began
    stages: frozenset[str] = frozenset()  # the stages it may start from (empty: any)
    stage_message: str = ""
    stage: str | None = None  # the stage it leads to (None: unchanged)
    guards: tuple[Guard, ...] = ()
    pause: str = ""  # the pause it begins (Pause.Kind)
    resumes: str = ""  # the pause it ends
    event: str = Event.Action.STATUS_CHANGED
    records: bool = True  # leaves an entry on the timeline
    tells: str = ""  # the applicant's message (notifications.texts), sent by the "dossiers.applicant" effect


OFFICE = frozenset({Role.RECEPTION, Role.SPECIALIST, Role.LEADER, Role.AGENCY_ADMIN})
SUPPLEMENT_ONCE = Guard(
    "supplement_asked", False, "Hồ sơ này đã được yêu cầu bổ sung một lần; không yêu cầu lần thứ hai."
)

TABLE: tuple[Transition, ...] = (
    Transition(
        "submit",
        "Nộp hồ sơ",
        "nộp",
        frozenset({S.DRAFT}),
        frozenset({APPLICANT, SYSTEM}),
        S.SUBMITTED,
        event=Event.Action.SUBMITTED,
        tells="dossier.submitted",
    ),
    Transition(
        "receive",
        "Tiếp nhận",
        "tiếp nhận",
        frozenset({S.SUBMITTED}),
        frozenset({Role.RECEPTION}),
        S.RECEIVED,
        stage=Stage.PROCESSING,
        tells="dossier.received",
    ),
    Transition(
        "refuse",
        "Từ chối tiếp nhận",
        "từ chối",
        frozenset({S.SUBMITTED}),
        frozenset({Role.RECEPTION}),
        S.REFUSED,
        stage=Stage.CLOSED,
        tells="dossier.refused",
    ),
    # Asked once (Decree 118/2025): at reception, or when processing finds a document wanting —
    # through the one-stop counter either way.
    Transition(
        "supplement",
        "Yêu cầu bổ sung",
        "yêu cầu bổ sung",
        frozenset({S.SUBMITTED, S.RECEIVED, S.PROCESSING}),
        frozenset({Role.RECEPTION}),
        S.SUPPLEMENT,
        guards=(SUPPLEMENT_ONCE,),
        pause=Pause.Kind.SUPPLEMENT,
        event=Event.Action.SUPPLEMENT_REQUESTED,
        tells="dossier.supplement",
    ),
    Transition(
        "answer_supplement",
        "Nộp bổ sung",
        "nộp bổ sung cho",
        frozenset({S.SUPPLEMENT}),
        frozenset({APPLICANT}),
        BACK,
        guards=(Guard("supplement_waiting", True, "Hồ sơ này không có yêu cầu bổ sung đang chờ."),),
        resumes=Pause.Kind.SUPPLEMENT,
        event=Event.Action.SUPPLEMENTED,
    ),
    Transition(
        "assign",
        "Phân công",
        "phân công",
        frozenset({S.RECEIVED, S.PROCESSING}),
        frozenset({Role.RECEPTION, Role.LEADER}),
        S.PROCESSING,
        stages=frozenset({Stage.PROCESSING}),
        stage_message="Hồ sơ đã được trình phê duyệt; lãnh đạo trả lại thì mới phân công lại được.",
        stage=Stage.PROCESSING,
    ),
    Transition(
        "propose",
        "Trình phê duyệt",
        "trình phê duyệt",
        frozenset({S.PROCESSING}),
        frozenset({Role.SPECIALIST}),
        stages=frozenset({Stage.PROCESSING}),
        stage_message="Hồ sơ đã được trình phê duyệt.",
        stage=Stage.APPROVAL,
        guards=(Guard("assignee", True, "Chỉ chuyên viên được phân công mới trình hồ sơ này."),),
    ),
    Transition(
        "send_back",
        "Trả lại chuyên viên",
        "trả lại",
        frozenset({S.PROCESSING}),
        frozenset({Role.LEADER}),
        stages=frozenset({Stage.APPROVAL}),
        stage_message="Hồ sơ không ở bước phê duyệt.",
        stage=Stage.PROCESSING,
    ),
    Transition(
        "approve",
        "Phê duyệt, ký số",
        "phê duyệt",
        frozenset({S.PROCESSING}),
        frozenset({Role.LEADER}),
        S.FINISHED,
        stages=frozenset({Stage.APPROVAL}),
        stage_message="Hồ sơ chưa được chuyên viên trình phê duyệt.",
        stage=Stage.RETURN,
        guards=(
            Guard(
                "transfer_open",
                False,
                "Còn nội dung liên thông chưa được cơ quan phối hợp trả lời; chờ trả lời rồi mới phê duyệt.",
            ),
        ),
        tells="dossier.finished",
    ),
    Transition(
        "hand_over",
        "Trả kết quả",
        "trả kết quả",
        frozenset({S.FINISHED}),
        frozenset({Role.RECEPTION}),
        S.RETURNED,
        stage=Stage.CLOSED,
        tells="dossier.returned",
    ),
    Transition(
        "stop",
        "Dừng xử lý",
        "dừng xử lý",
        frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.PAYMENT, S.WITHDRAW_REQUESTED}),
        frozenset({Role.RECEPTION, Role.LEADER}),
        S.STOPPED,
        stage=Stage.CLOSED,
        tells="dossier.stopped",
    ),
    Transition(
        "payment",
        "Yêu cầu nộp phí",
        "yêu cầu nộp phí, lệ phí cho",
        frozenset({S.PROCESSING}),
        frozenset({Role.SPECIALIST, Role.LEADER, Role.RECEPTION}),
        S.PAYMENT,
        pause=Pause.Kind.PAYMENT,
        tells="dossier.payment",
    ),
    Transition(
        "paid",
        "Xác nhận đã nộp phí",
        "xác nhận đã nộp phí cho",
        frozenset({S.PAYMENT}),
        frozenset({Role.SPECIALIST, Role.LEADER, Role.RECEPTION}),
        BACK,
        resumes=Pause.Kind.PAYMENT,
    ),
    Transition(
        "paid_online",
        "Thanh toán trực tuyến thành công",
        "ghi nhận thanh toán cho",
        frozenset({S.PAYMENT}),
        frozenset({SYSTEM}),
        BACK,
        resumes=Pause.Kind.PAYMENT,
    ),
    # A payment confirmed while the dossier waits for nothing (paid at submission, or after the
    # office moved on): a line on the timeline.
    Transition("payment_recorded", "Ghi nhận thanh toán", "ghi nhận thanh toán cho", ALL, frozenset({SYSTEM})),
    Transition(
        "withdraw",
        "Xin rút hồ sơ",
        "rút",
        frozenset({S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.PAYMENT}),
        frozenset({APPLICANT}),
        S.WITHDRAW_REQUESTED,
        pause=Pause.Kind.WITHDRAWAL,
        event=Event.Action.WITHDRAW_REQUESTED,
    ),
    Transition(
        "cancel_withdrawal",
        "Thôi rút hồ sơ",
        "thôi rút",
        frozenset({S.WITHDRAW_REQUESTED}),
        frozenset({APPLICANT}),
        BACK,
        resumes=Pause.Kind.WITHDRAWAL,
    ),
    Transition(
        "transfer",
        "Chuyển liên thông",
        "chuyển liên thông",
        frozenset({S.PROCESSING}),
        frozenset({Role.SPECIALIST, Role.LEADER}),
        stages=frozenset({Stage.PROCESSING}),
        stage_message="Hồ sơ đang chờ lãnh đạo phê duyệt; trả lại chuyên viên rồi mới chuyển liên thông.",
    ),
    Transition(
        "answer_transfer",
        "Trả kết quả liên thông",
        "trả kết quả liên thông cho",
        OPEN - {S.SUBMITTED, S.RECEIVED},
        frozenset({TRANSFER_TARGET}),
        guards=(Guard("transfer_to_me", True, "Không có nội dung liên thông nào đang chờ cơ quan của bạn trả lời."),),
    ),
    Transition(
        "apology",
        "Ký văn bản xin lỗi",
        "ký văn bản xin lỗi cho",
        OPEN - {S.SUBMITTED},
        frozenset({Role.LEADER}),
        guards=(Guard("apology_waiting", True, "Hồ sơ không có văn bản xin lỗi nào chờ ký."),),
        tells="dossier.apology",
    ),
    Transition(
        "refund",
        "Hoàn tiền",
        "hoàn tiền cho",
        ALL,
        frozenset({Role.RECEPTION, Role.LEADER, Role.AGENCY_ADMIN}),
        guards=(Guard("payment_paid", True, "Hồ sơ chưa có khoản thanh toán thành công nào để hoàn."),),
        tells="dossier.refunded",
    ),
    Transition(
        "note",
        "Trao đổi nội bộ",
        "trao đổi nội bộ về",
        ALL,
        OFFICE | {TRANSFER_TARGET},
        records=False,
    ),
    Transition(
        "pay",
        "Thanh toán",
        "thanh toán cho",
        ALL - CLOSED,
        frozenset({APPLICANT}),
        guards=(Guard("payment_pending", True, "Hồ sơ này không có khoản phí đang chờ thanh toán."),),
        records=False,
    ),
    Transition(
        "rate",
        "Đánh giá",
        "đánh giá",
        DONE,
        frozenset({APPLICANT}),
        records=False,
    ),
)
TRANSITIONS: dict[str, Transition] = {t.action: t for t in TABLE}
ACTIONS = tuple(TRANSITIONS)


# --- Facts: what the guards ask, computed once per look and only when asked ------------------------
FactProvider = Callable[[Dossier, "User | None"], bool]
PROVIDERS: dict[str, FactProvider] = {}


def provide(name: str) -> Callable[[FactProvider], FactProvider]:
    """Registers the app that knows a fact (workflow: apologies and transfers; payments)."""

    def register(fn: FactProvider) -> FactProvider:
        PROVIDERS[name] = fn
        return fn

    return register


@dataclass
class Facts:
    """Who ``user`` is to ``dossier`` (their roles in its agency, applicant, transfer target)
    and, lazily, the facts the guards ask."""

    dossier: Dossier
    user: User | None
    actors: frozenset[str]
    known: dict[str, bool] = field(default_factory=dict)

    def __getitem__(self, name: str) -> bool:
        if name not in self.known:
            self.known[name] = _fact(name, self.dossier, self.user)
        return self.known[name]

    def acts_as(self, actors: frozenset[str]) -> bool:
        """Whether the person is one of ``actors`` (an agency the dossier was transferred to is
        looked up only when nothing else matches)."""
        if actors & self.actors:
            return True
        return TRANSFER_TARGET in actors and self.user is not None and self["transfer_member"]


def facts_for(dossier: Dossier, user: User | None) -> Facts:
    if user is None:
        return Facts(dossier, None, frozenset({SYSTEM}))
    # A draft's agency may be None, which matches no membership in an agency.
    memberships = user.memberships.filter(agency__isnull=False, agency=dossier.agency_id)
    actors = set(memberships.values_list("role", flat=True))
    if user.pk in (dossier.applicant_id, dossier.submitted_by_id):
        actors.add(APPLICANT)
    return Facts(dossier, user, frozenset(actors))


def _fact(name: str, dossier: Dossier, user: User | None) -> bool:
    if name == "assignee":
        return user is not None and dossier.assignee_id == user.pk
    if name in ("supplement_asked", "supplement_waiting"):
        request = SupplementRequest.objects.filter(dossier_id=dossier.pk).values("answered_at").first()
        return request is not None and (name == "supplement_asked" or request["answered_at"] is None)
    if name not in PROVIDERS:
        raise LookupError(f"Không có ứng dụng nào cung cấp dữ kiện “{name}” cho vòng đời hồ sơ.")
    return PROVIDERS[name](dossier, user)


# --- Reading the table ------------------------------------------------------------------------------
def who(actors: Iterable[str]) -> str:
    """The people ``actors`` names, in Vietnamese."""
    return ", ".join(Role(a).label.lower() if a in Role.values else ACTOR_LABELS[a] for a in sorted(actors, key=str))


def refusal(dossier: Dossier, action: str, facts: Facts) -> Exception | None:
    """Why ``action`` may not be taken now (None: it may): who, then the guards, state and stage."""
    t = TRANSITIONS[action]
    if not facts.acts_as(t.actors):
        where = f" của {dossier.agency.name}" if dossier.agency is not None and t.actors & set(Role.values) else ""
        return PermissionDenied(f"Chỉ {who(t.actors)}{where} được {t.verb} hồ sơ này.")
    # The guards first: "asked once already" says more than "not in this state".
    for guard in t.guards:
        if facts[guard.fact] != guard.holds:
            return ValidationError(guard.message)
    if dossier.status not in t.sources:
        return ValidationError(f"Không thể {t.verb} hồ sơ đang ở trạng thái “{dossier.get_status_display()}”.")
    if t.stages and dossier.stage not in t.stages:
        return ValidationError(t.stage_message)
    return None


def allowed(dossier: Dossier, user: User | None, facts: Facts | None = None) -> set[str]:
    """The actions ``user`` may take on ``dossier`` now: the forms the pages show. The guards'
    facts are asked only of the actions the person, state and stage allow."""
    facts = facts or facts_for(dossier, user)
    return {t.action for t in open_from(dossier) if refusal(dossier, t.action, facts) is None}


def may(dossier: Dossier, action: str, user: User | None) -> bool:
    return refusal(dossier, action, facts_for(dossier, user)) is None


def check(dossier: Dossier, action: str, user: User | None) -> Transition:
    """Raises PermissionDenied or ValidationError (Vietnamese) unless ``user`` may take ``action``."""
    error = refusal(dossier, action, facts_for(dossier, user))
    if error is not None:
        raise error
    return TRANSITIONS[action]


def open_from(dossier: Dossier) -> list[Transition]:
    """The actions the table allows from the dossier's state and stage, whoever takes them."""
    return [t for t in TABLE if dossier.status in t.sources and (not t.stages or dossier.stage in t.stages)]


def states_from(action: str) -> frozenset[int]:
    return TRANSITIONS[action].sources


# --- Effects ------------------------------------------------------------------------------------
# The order the effects run in, inside the transaction of the move. "before" effects may still
# change the dossier, which is saved after them; "after" effects see it saved, with its event.
EFFECTS: tuple[tuple[str, str], ...] = (
    ("workflow.clock", "before"),  # a pause stops the working-time clock; its end moves the due date
    ("payments.fee", "after"),  # the fee at submission, the fee the office asks, paid at the counter
    ("workflow.handoffs", "after"),  # the control sheet's rows the pauses open and close
    ("workflow.people", "after"),  # whoever must act next hears of it
    ("dossiers.applicant", "after"),  # the applicant (and their agent) hear of it (outbox Message)
    ("exchange.portal", "after"),  # the national portal's copy of the state (outbox StatusUpdate)
    ("indicators.marks", "after"),  # the month's tallies are counted again (outbox Stale)
)


@dataclass
class Change:
    """What one move did: the subscribers' argument."""

    dossier: Dossier
    transition: Transition
    actor: User | None
    from_status: int
    from_stage: str
    at: datetime
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    pause: Pause | None = None  # the pause begun or ended
    event: Event | None = None
    tell: dict[str, Any] = field(default_factory=dict)  # the values of the applicant's message
    tell_as: str = ""

    @property
    def action(self) -> str:
        return self.transition.action

    @property
    def to_status(self) -> int:
        return self.dossier.status


Effect = Callable[[Change], None]
SUBSCRIBERS: dict[str, Effect] = {}


def subscribe(name: str) -> Callable[[Effect], Effect]:
    """Registers an app's effect under its name in ``EFFECTS`` (from its AppConfig.ready)."""
    if name not in dict(EFFECTS):
        raise LookupError(f"{name} is not one of the lifecycle's effects (dossiers.lifecycle.EFFECTS).")

    def register(fn: Effect) -> Effect:
        SUBSCRIBERS[name] = fn
        return fn

    return register


def _run(phase: str, change: Change) -> None:
    for name, when in EFFECTS:
        if when == phase:
            SUBSCRIBERS[name](change)


def missing_effects() -> list[str]:
    return [name for name, _ in EFFECTS if name not in SUBSCRIBERS]


# --- The one writer ----------------------------------------------------------------------------------
_UNSET: Any = object()


def move(
    dossier: Dossier,
    action: str,
    actor: User | None,
    *,
    note: str = "",
    assignee: User | None = _UNSET,
    data: dict[str, Any] | None = None,
    tell: dict[str, Any] | None = None,
    tell_as: str = "",
) -> Change:
    """Takes ``action``: checks it against the table, moves the dossier (state, stage, assignee,
    pause), saves it with whatever else the caller changed on it, writes the event, and runs the
    effects in order. ``tell`` holds the values of the applicant's message, when the action has
    one (``tells``); ``tell_as`` makes it one of a kind when the action can happen again (an
    apology, a refund). Call it inside the caller's transaction, holding the dossier's row lock;
    anything raised undoes all of it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lifecycle.move runs inside the caller's transaction.")
    t = check(dossier, action, actor)
    missing = missing_effects()
    if missing:
        raise RuntimeError(f"Effects without a subscriber: {', '.join(missing)}.")
    change = Change(dossier, t, actor, dossier.status, dossier.stage, timezone.now(), note.strip(), dict(data or {}))
    change.tell, change.tell_as = dict(tell or {}), tell_as
    target, stage, holder = t.target, t.stage, assignee
    if t.resumes:
        change.pause = dossier.pauses.filter(kind=t.resumes, ended_at__isnull=True).first()
        if change.pause is None:
            raise ValidationError(f"Không tìm thấy lần tạm dừng “{Pause.Kind(t.resumes).label}” của hồ sơ.")
        target, stage, holder = change.pause.status_before, change.pause.stage_before, change.pause.holder
    _run("before", change)
    if target is not None:
        dossier.status = target
    if stage is not None:
        dossier.stage = stage
    if holder is not _UNSET:
        dossier.assignee = holder
    dossier.save()
    if t.pause:
        change.pause = Pause.objects.create(
            dossier=dossier,
            kind=t.pause,
            status_before=change.from_status,
            stage_before=change.from_stage,
            holder_id=dossier.assignee_id,
            started_at=change.at,
            started_by=actor,
        )
    if change.pause is not None and t.resumes:
        change.pause.ended_at, change.pause.ended_by, change.pause.outcome = change.at, actor, action
        change.pause.save(update_fields=["ended_at", "ended_by", "outcome"])
    if dossier.status in CLOSED:  # a stop ends every wait
        dossier.pauses.filter(ended_at__isnull=True).update(ended_at=change.at, ended_by=actor, outcome=action)
    if t.records:
        change.event = Event.objects.create(
            dossier=dossier,
            actor=actor,
            action=t.event,
            from_status=change.from_status,
            to_status=dossier.status,
            note=change.note,
        )
    _run("after", change)
    return change


# --- The picture -----------------------------------------------------------------------------------
def mermaid() -> str:
    """The state diagram of ``TABLE`` (docs/lifecycle.md embeds it; a test keeps them equal)."""
    lines = ["stateDiagram-v2"]
    lines += [f"    s{status.value} : {status.value} {status.label}" for status in Status]
    lines.append("    [*] --> s0")
    for t in TABLE:
        if t.target is None:
            continue
        lines += [
            f"    s{source} --> s{target} : {t.label} ({who(t.actors)})"
            for source in sorted(t.sources)
            for target in (sorted(_returns(source)) if t.target == BACK else [t.target])
        ]
    lines += [f"    s{status} --> [*]" for status in sorted(CLOSED)]
    return "\n".join(lines) + "\n"


def _returns(paused: int) -> set[int]:
    """The states a pause in ``paused`` can return to: those the pausing action starts from."""
    return {s for t in TABLE if t.target == paused and t.pause for s in t.sources}


def markdown_table() -> str:
    """Every action of ``TABLE`` as a markdown table: who takes it, from which states and stages,
    where it leads and what its guards say (docs/lifecycle.md embeds it; a test keeps them equal)."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        "| action | label | who | from states | from stages | to | guards | tells the applicant |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in TABLE:
        if t.target == BACK:
            to = "back to where the pause began"
        elif t.target is None:
            to = "state unchanged"
        else:
            to = f"{t.target} {Status(t.target).label}"
        if t.stage is not None:
            to += f", stage `{t.stage}`"
        if t.pause:
            to += f"; begins the `{t.pause}` pause"
        if t.resumes:
            to += f"; ends the `{t.resumes}` pause"
        cells = [
            f"`{t.action}`",
            t.label,
            who(t.actors),
            ", ".join(str(s) for s in sorted(t.sources)),
            ", ".join(f"`{s}`" for s in sorted(t.stages)) or "any",
            to,
            "<br>".join(g.message for g in t.guards) or "—",
            f"`{t.tells}`" if t.tells else "—",
        ]
        lines.append("| " + " | ".join(cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
