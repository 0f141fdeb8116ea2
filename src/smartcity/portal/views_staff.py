"""Staff pages of the website: the department's editors write, schedule and publish
articles and add images. Anonymous visitors are sent to the login page; users of another
organisation get 403 (services.require_edit: the platform's one rule on the DIC)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.portal import services
from smartcity.portal.forms import ArticleForm, ImageForm
from smartcity.portal.models import Article


@login_required
def article_list(request):
    services.require_edit(request.user)
    articles = Article.objects.select_related("category", "author").order_by("-updated_at")
    return render(request, "portal/staff/list.html", {"articles": articles})


@login_required
def article_edit(request, pk=None):
    services.require_edit(request.user)
    article = get_object_or_404(Article, pk=pk) if pk else Article(owner=services.department())
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        services.save_article(form.instance, request.user)
        messages.success(request, _("The article was saved."))
        return redirect("portal-article-edit", pk=form.instance.pk)
    return render(request, "portal/staff/edit.html", {"form": form, "article": article if pk else None,
                                                      "image_form": ImageForm() if pk else None})


@login_required
@require_POST
def image_add(request, pk):
    services.require_edit(request.user)
    article = get_object_or_404(Article, pk=pk)
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        f = form.cleaned_data["file"]
        try:
            services.add_image(article, request.user, f.name, f.read(), form.cleaned_data["alt_vi"],
                               form.cleaned_data["alt_en"])
            messages.success(request, _("The image was added."))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    else:
        messages.error(request, _("Choose an image and describe it."))
    return redirect("portal-article-edit", pk=pk)


@login_required
def article_delete(request, pk):
    services.require_edit(request.user)
    article = get_object_or_404(Article, pk=pk)
    if request.method == "POST":
        article.delete()
        messages.success(request, _("The article was deleted."))
        return redirect("portal-staff")
    return render(request, "portal/staff/delete.html", {"article": article})


@login_required
def article_history(request, pk):
    services.require_edit(request.user)
    article = get_object_or_404(Article, pk=pk)
    return render(request, "portal/staff/history.html", {
        "article": article, "versions": article.history.select_related("history_user").order_by("-history_date")[:50]})
