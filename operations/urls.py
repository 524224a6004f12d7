from django.urls import path

from operations.views import counts, dashboard, purchasing, stock, tasks

app_name = "operations"

urlpatterns = [
    path("", dashboard.dashboard, name="ops-dashboard"),
    path("stock/", stock.stock_index, name="stock-list"),
    path("valuation/", stock.valuation, name="valuation"),
    path("items/new/", stock.item_form, name="item-create"),
    path("items/import/", stock.item_import, name="item-import"),
    path("items/<int:pk>/", stock.item_detail, name="item-detail"),
    path("items/<int:pk>/edit/", stock.item_form, name="item-edit"),
    path("movements/<slug:kind>/", stock.movement_create, name="movement-create"),
    path("issues/", stock.issue_index, name="issue-list"),
    path("warehouses/", stock.warehouse_index, name="warehouse-list"),
    path("warehouses/new/", stock.warehouse_form, name="warehouse-create"),
    path("warehouses/<int:pk>/", stock.warehouse_detail, name="warehouse-detail"),
    path("warehouses/<int:pk>/edit/", stock.warehouse_form, name="warehouse-edit"),
    path("suggestions/", purchasing.suggestion_index, name="suggestion-list"),
    path("suggestions/refresh/", purchasing.suggestion_refresh, name="suggestion-refresh"),
    path("orders/", purchasing.order_index, name="order-list"),
    path("orders/new/", purchasing.order_create, name="order-create"),
    path("orders/<int:pk>/", purchasing.order_detail, name="order-detail"),
    path("orders/<int:pk>/receive/", purchasing.order_receive, name="order-receive"),
    path("orders/<int:pk>/pdf/", purchasing.order_pdf, name="order-pdf"),
    path("orders/<int:pk>/<slug:action>/", purchasing.order_action, name="order-action"),
    path("receipts/", purchasing.receipt_index, name="receipt-list"),
    path("counts/", counts.count_index, name="count-list"),
    path("counts/<int:pk>/", counts.count_detail, name="count-detail"),
    path("counts/<int:pk>/<slug:action>/", counts.count_action, name="count-action"),
    path("tasks/", tasks.task_mine, name="task-mine"),
    path("tasks/<int:pk>/tick/", tasks.task_tick_view, name="task-tick"),
    path("tasks/board/", tasks.task_board, name="task-board"),
    path("tasks/templates/", tasks.template_index, name="template-list"),
    path("tasks/templates/new/", tasks.template_form, name="template-create"),
    path("tasks/templates/<int:pk>/", tasks.template_form, name="template-edit"),
]
