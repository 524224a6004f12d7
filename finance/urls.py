from django.urls import path

from finance.views import budgets, chart, dashboard, entries, periods, reports

app_name = "finance"

urlpatterns = [
    path("", dashboard.finance_dashboard, name="finance-dashboard"),
    path("accounts/", chart.account_list, name="account-list"),
    path("accounts/new/", chart.account_form, name="account-create"),
    path("accounts/<int:pk>/edit/", chart.account_form, name="account-edit"),
    path("accounts/export/", chart.account_export, name="account-export"),
    path("accounts/import/", chart.account_import, name="account-import"),
    path("accounts/preset/", chart.chart_load, name="chart-load"),
    path("partners/", chart.partner_list, name="partner-list"),
    path("partners/new/", chart.partner_form, name="partner-create"),
    path("partners/<int:pk>/edit/", chart.partner_form, name="partner-edit"),
    path("entries/", entries.entry_list, name="entry-list"),
    path("entries/new/", entries.entry_form, name="entry-create"),
    path("entries/balance/", entries.entry_balance, name="entry-balance"),
    path("entries/<int:pk>/", entries.entry_detail, name="entry-detail"),
    path("entries/<int:pk>/reverse/", entries.entry_reverse, name="entry-reverse"),
    path("drafts/<int:draft_pk>/", entries.entry_form, name="draft-edit"),
    path("drafts/<int:pk>/delete/", entries.draft_delete, name="draft-delete"),
    path("periods/", periods.period_list, name="period-list"),
    path("periods/years/", periods.year_open, name="year-open"),
    path("periods/years/<int:year>/close/", periods.year_close, name="year-close"),
    path("periods/<int:pk>/lock/", periods.period_lock, name="period-lock"),
    path("periods/<int:pk>/reopen/", periods.period_reopen, name="period-reopen"),
    path("reports/trial-balance/", reports.trial_balance, name="report-trial-balance"),
    path("reports/profit-and-loss/", reports.profit_and_loss, name="report-profit-loss"),
    path("reports/balance-sheet/", reports.balance_sheet, name="report-balance-sheet"),
    path("reports/ledger/<int:pk>/", reports.general_ledger, name="report-ledger"),
    path("reports/export/", reports.report_export, name="report-export"),
    path("budgets/", budgets.budget_list, name="budget-list"),
    path("budgets/edit/", budgets.budget_edit, name="budget-edit"),
    path("budgets/copy/", budgets.budget_copy, name="budget-copy"),
    path("budgets/import/", budgets.budget_import, name="budget-import"),
    path("expenses/", budgets.expense_list, name="expense-list"),
]
