from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.portal.models import Article, Category


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title_vi", "title_en", "slug", "category", "summary_vi", "summary_en", "body_vi", "body_en",
                  "status", "publish_at", "published"]
        widgets = {
            "summary_vi": forms.Textarea(attrs={"rows": 3}), "summary_en": forms.Textarea(attrs={"rows": 3}),
            "body_vi": forms.Textarea(attrs={"rows": 14, "class": "rich"}),
            "body_en": forms.Textarea(attrs={"rows": 14, "class": "rich"}),
            "publish_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(published=True)
        self.fields["publish_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class ImageForm(forms.Form):
    file = forms.FileField(label=_("Image (JPEG or PNG, up to 10 MB)"))
    alt_vi = forms.CharField(label=_("Description for screen readers (Vietnamese)"), max_length=200)
    alt_en = forms.CharField(label=_("Description for screen readers (English)"), max_length=200, required=False)
