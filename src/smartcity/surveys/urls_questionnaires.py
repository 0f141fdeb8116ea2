"""UI routes of the questionnaire pages (views_questionnaires.py)."""
from django.urls import path

from smartcity.surveys import views_questionnaires as v

urlpatterns = [
    path("", v.home, name="surveys-home"),
    path("q/new/", v.questionnaire_new, name="surveys-questionnaire-new"),
    path("q/<int:pk>/", v.questionnaire, name="surveys-questionnaire"),
    path("q/<int:pk>/draft/", v.new_draft, name="surveys-questionnaire-draft"),
    path("q/<int:pk>/v/<int:number>/", v.questionnaire, name="surveys-questionnaire-version"),
    path("q/<int:pk>/v/<int:number>/publish/", v.publish, name="surveys-version-publish"),
    path("q/<int:pk>/v/<int:number>/section/", v.add_section, name="surveys-section-add"),
    path("q/<int:pk>/v/<int:number>/question/", v.edit_question, name="surveys-question-add"),
    path("q/<int:pk>/v/<int:number>/question/<str:key>/", v.edit_question, name="surveys-question-edit"),
]
