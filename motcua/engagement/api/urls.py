from django.urls import path

from motcua.engagement.api import views

urlpatterns = [
    path("dossiers/<str:code>/rating", views.DossierRating.as_view(), name="dossier-rating"),
    path("ratings/report", views.RatingReport.as_view(), name="ratings-report"),
    path("feedback", views.FeedbackCreate.as_view(), name="feedback-create"),
    path("feedback/answers", views.FeedbackAnswers.as_view(), name="feedback-answers"),
    path("feedback/<str:code>", views.FeedbackDetail.as_view(), name="feedback-detail"),
    path("queue/tickets/<uuid:public_id>", views.TicketDetail.as_view(), name="ticket-detail"),
    path("queue/<str:code>/board", views.Board.as_view(), name="queue-board"),
    path("service-points", views.ServicePoints.as_view(), name="service-points"),
]
