"""UI routes of work orders (views_workorders.py)."""
from django.urls import path

from smartcity.maintenance import views_workorders as v

urlpatterns = [
    path("orders/", v.order_list, name="maintenance-orders"),
    path("orders/new/", v.order_new, name="maintenance-order-new"),
    path("orders/<int:pk>/", v.order_detail, name="maintenance-order"),
    path("orders/<int:pk>/step/", v.order_step, name="maintenance-order-step"),
    path("crew/", v.crew, name="maintenance-crew"),
    path("photos/<int:pk>/", v.photo, name="maintenance-photo"),
    path("repair-times/", v.repair_times, name="maintenance-repair-times"),
]
