"""The chat widget on every public page (htmx) and its JSON twin."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.assistant import services


@require_http_methods(["GET", "POST"])
def chat(request):
    """GET: the assistant's page. POST (from the widget): one turn, answered as an HTML fragment."""
    if request.method == "GET":
        return render(request, "assistant/page.html")
    question = request.POST.get("question", "").strip()
    if not question:
        return render(
            request, "assistant/_turn.html", {"question": "", "reply": None, "error": "Vui lòng nhập câu hỏi."}
        )
    if is_ratelimited(request, group="assistant", key="ip", rate=settings.MOTCUA_ASSISTANT_RATE, increment=True):
        return render(
            request,
            "assistant/_turn.html",
            {"question": question, "reply": None, "error": "Bạn hỏi hơi nhanh, vui lòng đợi một chút."},
            status=429,
        )
    reply = services.ask(question, request.session.get("assistant_conversation", ""))
    request.session["assistant_conversation"] = reply.conversation
    return render(request, "assistant/_turn.html", {"question": question, "reply": reply})


class Ask(APIView):
    """Hỏi trợ lý ảo về thủ tục hành chính (có dấu hoặc không dấu). Gửi lại `conversation` để hỏi
    tiếp ("còn phí thì sao?")."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request=inline_serializer(
            "AssistantQuestion",
            {"question": serializers.CharField(max_length=500), "conversation": serializers.CharField(required=False)},
        ),
        responses=inline_serializer(
            "AssistantAnswer",
            {
                "answer": serializers.CharField(),
                "intent": serializers.CharField(),
                "understood": serializers.BooleanField(),
                "conversation": serializers.CharField(),
                "procedures": inline_serializer(
                    "AssistantProcedure",
                    {"code": serializers.CharField(), "name": serializers.CharField(), "url": serializers.URLField()},
                    many=True,
                ),
            },
        ),
    )
    def post(self, request):
        question = str(request.data.get("question", "")).strip()
        if not question:
            raise serializers.ValidationError({"question": ["Vui lòng nhập câu hỏi."]})
        if len(question) > 500:
            raise serializers.ValidationError({"question": ["Câu hỏi tối đa 500 ký tự."]})
        if is_ratelimited(request, group="assistant", key="ip", rate=settings.MOTCUA_ASSISTANT_RATE, increment=True):
            raise Throttled(detail="Bạn hỏi hơi nhanh, vui lòng đợi một chút.")
        reply = services.ask(question, str(request.data.get("conversation", "")))
        return Response(
            {
                "answer": reply.answer,
                "procedures": reply.procedures,
                "intent": reply.intent,
                "understood": reply.understood,
                "conversation": reply.conversation,
            }
        )
