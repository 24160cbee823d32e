import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.mixins import role_required
from core.roles import Role, has_role
from core.spreadsheets import csv_dialect_for, csv_response

from . import selectors, services
from .forms import (
    AnonymiseForm,
    ConsentGrantForm,
    ConsentRevokeForm,
    CustomerCreateForm,
    CustomerForm,
    CustomerListFilterForm,
    MergeForm,
    SearchForm,
    TagAssignForm,
    TagRemoveForm,
)
from .models import PURPOSE_SURVEYS, Customer, CustomerTagAssignment
from .pagination import CappedPaginator
from .timeline import customer_timeline

PAGE_SIZE = 25
CSV_FIELDS = ["id", "document_type", "document_number", "full_name", "email", "phone", "city"]


@role_required(Role.AGENT)
def search(request):
    # POST, so a document number, email or phone never lands in a URL or an access log.
    form = SearchForm(request.POST or None)
    page = None
    if form.is_valid() and form.cleaned_data["q"]:
        qs = selectors.customer_search(query=form.cleaned_data["q"], user=request.user).only(
            *CSV_FIELDS
        )
        page = CappedPaginator(qs, PAGE_SIZE).get_page(request.POST.get("page"))
    context = {"form": form, "page": page, "can_list": has_role(request.user, Role.SUPERVISOR)}
    return render(request, "customers/search.html", context)


@role_required(Role.SUPERVISOR)
def customer_list(request):
    form = CustomerListFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "tag_id": data["tag"].pk if data["tag"] else None,
            "city": data["city"],
            "has_open_pqrs": {"si": True, "no": False}.get(data["open_pqrs"]),
            "at_risk": data["at_risk"],
        }
    qs = selectors.customer_list(**filters).only(*CSV_FIELDS)
    if request.GET.get("formato") == "csv":
        services.customer_list_export_record(
            actor=request.user,
            filters={k: v for k, v in filters.items() if v not in (None, "", False)},
            rows=qs.count(),
        )
        return _csv_response(request, qs)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "customers/list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


def _csv_response(request, qs):
    labels = [capfirst(Customer._meta.get_field(f).verbose_name) for f in CSV_FIELDS]
    display = {f: dict(Customer._meta.get_field(f).flatchoices) for f in CSV_FIELDS}

    def cell(customer, name):
        value = getattr(customer, name)
        return display[name].get(value, value)

    rows = ([cell(c, f) for f in CSV_FIELDS] for c in qs.iterator(chunk_size=2000))
    return csv_response(
        filename="clientes.csv", header=labels, rows=rows, dialect=csv_dialect_for(request)
    )


@role_required(Role.AGENT)
@require_http_methods(["GET", "POST"])
def create(request):
    form = CustomerCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if form.duplicates and not form.cleaned_data["confirm_duplicates"]:
            form.add_error(
                "confirm_duplicates",
                _("Hay perfiles con el mismo correo o teléfono: revíselos antes de continuar."),
            )
        else:
            fields = {k: form.cleaned_data[k] for k in CustomerForm.Meta.fields}
            try:
                customer = services.customer_create(
                    actor=request.user,
                    consent_channel=form.cleaned_data["consent_channel"],
                    consent_purposes=form.consent_purposes(),
                    **fields,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Cliente creado."))
                return redirect("customers:detail", pk=customer.pk)
    return render(
        request,
        "customers/form.html",
        {"form": form, "duplicates": form.duplicates, "creating": True},
    )


@role_required(Role.AGENT)
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    customer = selectors.customer_for_user(user=request.user, pk=pk, active_only=True)
    form = CustomerForm(
        request.POST or None, instance=Customer.objects.get(pk=customer.pk), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in CustomerForm.Meta.fields}
        services.customer_update(customer=customer, actor=request.user, **fields)
        messages.success(request, _("Datos actualizados."))
        return redirect("customers:detail", pk=customer.pk)
    return render(
        request,
        "customers/form.html",
        {"form": form, "duplicates": form.duplicates, "customer": customer},
    )


def _profile(request, customer: Customer, *, tag_form=None, status: int = 200):
    consents = selectors.customer_consent_history(customer=customer)
    context = {
        "customer": customer,
        "active_tags": selectors.customer_active_tags(customer=customer),
        "tag_history": selectors.customer_tag_history(customer=customer),
        "purposes": [
            {
                **row,
                "form": ConsentGrantForm(
                    initial={"purpose": row["purpose"]}, auto_id=f"id_{row['purpose']}_%s"
                ),
            }
            for row in selectors.customer_consent_by_purpose(consents=consents)
        ],
        "consent_history": consents,
        "timeline": customer_timeline(customer, 50, user=request.user),
        "tag_form": tag_form or TagAssignForm(customer=customer, user=request.user),
        "remove_form": TagRemoveForm(),
        "can_merge": has_role(request.user, Role.SUPERVISOR),
        "can_admin": has_role(request.user, Role.ADMIN),
    }
    return render(request, "customers/detail.html", context, status=status)


@role_required(Role.AGENT)
def detail(request, pk: int):
    customer = selectors.customer_for_user(user=request.user, pk=pk)
    return _profile(request, customer)


@role_required(Role.AGENT)
@require_POST
def tag_assign(request, pk: int):
    customer = selectors.customer_for_user(user=request.user, pk=pk, active_only=True)
    form = TagAssignForm(request.POST, customer=customer, user=request.user)
    if form.is_valid():
        try:
            services.customer_tag_assign(
                customer=customer,
                tag=form.cleaned_data["tag"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                pqr=form.cleaned_data["pqr"],
            )
            messages.success(request, _("Etiqueta asignada."))
            return redirect("customers:detail", pk=customer.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    elif "pqr" in form.errors:
        messages.error(request, _("Elija una PQR de este cliente o ninguna."))
    else:
        messages.error(request, _("Elija una etiqueta y escriba el motivo."))
    # Shown again with what was typed, so the agent only fixes what is wrong.
    return _profile(request, customer, tag_form=form, status=400)


@role_required(Role.AGENT)
@require_POST
def tag_remove(request, pk: int, assignment_pk: int):
    customer = selectors.customer_for_user(user=request.user, pk=pk)
    assignment = get_object_or_404(CustomerTagAssignment, pk=assignment_pk, customer_id=customer.pk)
    form = TagRemoveForm(request.POST)
    if form.is_valid():
        try:
            services.customer_tag_remove(
                assignment=assignment, reason=form.cleaned_data["reason"], actor=request.user
            )
            messages.success(request, _("Etiqueta retirada."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Escriba por qué retira la etiqueta."))
    return redirect("customers:detail", pk=pk)


@role_required(Role.AGENT)
@require_POST
def consent_revoke(request, pk: int):
    customer = selectors.customer_for_user(user=request.user, pk=pk)
    form = ConsentRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Elija qué autorización revoca."))
        return redirect("customers:detail", pk=pk)
    purpose = form.cleaned_data["purpose"] or None
    services.consent_revoke(customer=customer, actor=request.user, purpose=purpose)
    if purpose == PURPOSE_SURVEYS:
        messages.success(request, _("Autorización de encuestas revocada: no se le enviarán."))
    else:
        messages.success(request, _("Autorización revocada."))
    return redirect("customers:detail", pk=pk)


@role_required(Role.AGENT)
@require_POST
def consent_grant(request, pk: int):
    customer = selectors.customer_for_user(user=request.user, pk=pk)
    form = ConsentGrantForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indique el canal y confirme que el titular autorizó."))
        return redirect("customers:detail", pk=pk)
    try:
        services.consent_grant_again(
            customer=customer,
            channel=form.cleaned_data["channel"],
            actor=request.user,
            purpose=form.cleaned_data["purpose"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Autorización registrada de nuevo."))
    return redirect("customers:detail", pk=pk)


@role_required(Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def merge(request, pk: int):
    survivor = selectors.customer_for_user(user=request.user, pk=pk, active_only=True)
    form = MergeForm(request.POST or None, survivor=survivor)
    if request.method == "POST" and form.is_valid():
        services.customer_merge(
            survivor=survivor, duplicate=form.cleaned_data["duplicate"], actor=request.user
        )
        messages.success(request, _("Perfiles fusionados."))
        return redirect("customers:detail", pk=survivor.pk)
    return render(request, "customers/merge.html", {"form": form, "customer": survivor})


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def anonymise(request, pk: int):
    customer = selectors.customer_for_user(user=request.user, pk=pk)
    if selectors.customer_is_anonymised(customer=customer):
        messages.info(request, _("Este cliente ya fue anonimizado."))
        return redirect("customers:detail", pk=pk)
    form = AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.customer_anonymise(customer=customer, actor=request.user)
        messages.success(request, _("Datos personales eliminados de forma irreversible."))
        return redirect("customers:detail", pk=pk)
    return render(request, "customers/anonymise.html", {"form": form, "customer": customer})


@role_required(Role.ADMIN)
def export(request, pk: int, fmt: str):
    if fmt not in ("json", "csv", "html"):
        raise Http404
    customer = selectors.customer_for_user(user=request.user, pk=pk)
    services.customer_export_record(customer=customer, actor=request.user, fmt=fmt)
    if fmt == "html":
        sections = selectors.customer_export_sections(customer=customer)
        response = render(
            request, "customers/export.html", {"customer": customer, "sections": sections}
        )
        response["Cache-Control"] = "no-store"
        return response
    if fmt == "csv":
        return csv_response(
            filename=f"cliente-{pk}.csv",
            header=[_("Sección"), _("Registro"), _("Dato"), _("Contenido")],
            rows=_holder_csv_rows(selectors.customer_export_sections(customer=customer)),
            dialect=csv_dialect_for(request),
        )
    data = selectors.customer_export_data(customer=customer)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="cliente-{pk}.json"'
    return response


def _holder_csv_rows(sections: list[dict]):
    """The readable export (labels, formatted values) as one row per value."""
    for section in sections:
        for index, cells in enumerate(section["rows"], start=1):
            for label, value in cells:
                yield [section["title"], index, label, value]
