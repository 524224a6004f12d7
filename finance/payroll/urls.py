from django.urls import path

from finance.payroll.views import dashboard, downloads, runs, setup, staff

app_name = "payroll"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("department-cost/", dashboard.department_cost, name="department-cost"),
    path("runs/", runs.run_list, name="run-list"),
    path("runs/new/", runs.run_create, name="run-create"),
    path("runs/<int:pk>/", runs.run_detail, name="run-detail"),
    path("runs/<int:pk>/calculate/", runs.run_calculate, name="run-calculate"),
    path("runs/<int:pk>/review/", runs.run_review, name="run-review"),
    path("runs/<int:pk>/approve/", runs.run_approve, name="run-approve"),
    path("runs/<int:pk>/post/", runs.run_post, name="run-post"),
    path("runs/<int:pk>/reopen/", runs.run_reopen, name="run-reopen"),
    path("runs/<int:pk>/bank-file/", downloads.run_bank_file, name="run-bank-file"),
    path("runs/<int:pk>/register/", downloads.run_register, name="run-register"),
    path("runs/<int:pk>/payslips.pdf", downloads.run_payslips_pdf, name="run-payslips-pdf"),
    path("runs/<int:pk>/declarations/", downloads.run_declarations, name="run-declarations"),
    path("payslips/<int:pk>/", runs.payslip_detail, name="payslip-detail"),
    path("payslips/<int:pk>/pdf/", downloads.payslip_pdf, name="payslip-pdf"),
    path("my/", staff.my_payslips, name="my-payslips"),
    path("my/<int:pk>/", staff.my_payslip, name="my-payslip"),
    path("my/<int:pk>/pdf/", downloads.my_payslip_pdf, name="my-payslip-pdf"),
    path("rules/", setup.rule_list, name="rule-list"),
    path("rules/<slug:table>/new/", setup.rule_form, name="rule-create"),
    path("rules/<slug:table>/<int:pk>/edit/", setup.rule_form, name="rule-edit"),
    path("settings/", setup.settings_edit, name="settings"),
    path("components/", setup.component_list, name="component-list"),
    path("components/new/", setup.component_form, name="component-create"),
    path("components/<int:pk>/edit/", setup.component_form, name="component-edit"),
    path("one-offs/", setup.oneoff_list, name="oneoff-list"),
    path("one-offs/import/", setup.oneoff_import, name="oneoff-import"),
    path("one-offs/<int:pk>/delete/", setup.oneoff_delete, name="oneoff-delete"),
]
