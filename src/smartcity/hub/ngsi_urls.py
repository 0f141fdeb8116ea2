"""NGSI-LD read API under /ngsi-ld/v1/ (a trailing slash is accepted on every path)."""
from django.urls import re_path

from smartcity.hub import ngsi_views as v

urlpatterns = [
    re_path(r"^entities/?$", v.entities, name="ngsi-entities"),
    re_path(r"^entities/(?P<entity_id>[^/]+(?:/[^/]+)*?)/?$", v.entity, name="ngsi-entity"),
    re_path(r"^temporal/entities/(?P<entity_id>[^/]+(?:/[^/]+)*?)/?$", v.temporal_entity, name="ngsi-temporal-entity"),
    re_path(r"^types/?$", v.types_list, name="ngsi-types"),
    re_path(r"^types/(?P<type_name>.+?)/?$", v.type_detail, name="ngsi-type"),
    re_path(r"^attributes/?$", v.attributes_list, name="ngsi-attributes"),
    re_path(r"^attributes/(?P<attr_name>.+?)/?$", v.attribute_detail, name="ngsi-attribute"),
    re_path(r"^jsonldContexts/(?:core|ngsi-ld-core-context(?:-v[\d.]+)?\.jsonld)/?$", v.core_context, name="ngsi-core-context"),
    re_path(r"^(?P<rest>.*)$", v.not_found),
]
