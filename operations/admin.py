from django.contrib import admin

from operations.models import (
    Balance,
    Item,
    ItemCategory,
    Movement,
    Place,
    PurchaseOrder,
    PurchaseOrderLine,
    ReconciliationFinding,
    StockCount,
    TaskTemplate,
    TaskTemplateItem,
    Warehouse,
)


@admin.register(ItemCategory)
class ItemCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["sku", "name", "unit", "category", "supplier", "active"]
    search_fields = ["sku", "name", "barcode"]
    list_select_related = ["category", "supplier"]


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "location", "allow_negative", "active"]
    list_select_related = ["location"]
    search_fields = ["code", "name"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["warehouse", "path", "name"]
    list_select_related = ["warehouse"]
    search_fields = ["code", "name"]


class ReadOnly(admin.ModelAdmin):
    """The ledger and its caches: changed only through the services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Movement)
class MovementAdmin(ReadOnly):
    list_display = ["day", "kind", "item", "place", "quantity", "unit_cost", "value"]
    list_select_related = ["item", "place__warehouse"]
    search_fields = ["item__sku", "source"]


@admin.register(Balance)
class BalanceAdmin(ReadOnly):
    list_display = ["item", "place", "quantity"]
    list_select_related = ["item", "place__warehouse"]
    search_fields = ["item__sku"]


@admin.register(ReconciliationFinding)
class FindingAdmin(ReadOnly):
    list_display = ["found_on", "item", "place", "recorded", "expected"]
    list_select_related = ["item", "place__warehouse"]
    search_fields = ["item__sku"]


class LineInline(admin.TabularInline):
    model = PurchaseOrderLine
    extra = 0


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(ReadOnly):
    list_display = ["number", "supplier", "warehouse", "status", "ordered_on", "expected_on"]
    list_select_related = ["supplier", "warehouse"]
    search_fields = ["number"]
    inlines = [LineInline]


@admin.register(StockCount)
class StockCountAdmin(ReadOnly):
    list_display = ["warehouse", "place", "status", "started_on"]
    list_select_related = ["warehouse", "place"]
    search_fields = ["warehouse__name"]


class CheckInline(admin.TabularInline):
    model = TaskTemplateItem
    extra = 0


@admin.register(TaskTemplate)
class TaskTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "location", "kind", "weekdays", "due_time", "active"]
    list_select_related = ["location"]
    search_fields = ["title"]
    inlines = [CheckInline]
