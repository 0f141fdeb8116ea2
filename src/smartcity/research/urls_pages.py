"""UI routes of the research app (views_home, views_labs, views_pilots, views_work)."""
from django.urls import path

from smartcity.research import views_home, views_labs as labs, views_pilots as pilots, views_work as work

urlpatterns = [
    path("", views_home.home, name="research-home"),
    path("labs/", labs.lab_list, name="research-labs"),
    path("labs/new/", labs.lab_create, name="research-lab-create"),
    path("labs/<slug:slug>/", labs.lab_detail, name="research-lab-detail"),
    path("labs/<slug:slug>/edit/", labs.lab_edit, name="research-lab-edit"),
    path("labs/<slug:slug>/calendar/", labs.lab_calendar, name="research-lab-calendar"),
    path("labs/<slug:slug>/calendar.ics", labs.lab_ics, name="research-lab-ics"),
    path("labs/<slug:slug>/book/", labs.book, name="research-lab-book"),
    path("bookings/", labs.bookings, name="research-bookings"),
    path("bookings/<int:pk>/decide/", labs.decide, name="research-booking-decide"),
    path("pilots/", pilots.pilot_list, name="research-pilots"),
    path("pilots/new/", pilots.pilot_create, name="research-pilot-create"),
    path("pilots/<slug:slug>/", pilots.pilot_detail, name="research-pilot-detail"),
    path("pilots/<slug:slug>/edit/", pilots.pilot_edit, name="research-pilot-edit"),
    path("projects/", work.project_list, name="research-projects"),
    path("projects/new/", work.project_create, name="research-project-create"),
    path("projects/<slug:code>/", work.project_detail, name="research-project-detail"),
    path("projects/<slug:code>/edit/", work.project_edit, name="research-project-edit"),
    path("courses/", work.course_list, name="research-courses"),
    path("courses/new/", work.course_create, name="research-course-create"),
    path("courses/stats/", work.course_stats, name="research-course-stats"),
    path("courses/<slug:code>/", work.course_detail, name="research-course-detail"),
    path("courses/<slug:code>/edit/", work.course_edit, name="research-course-edit"),
]
