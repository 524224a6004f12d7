"""Operations' company data in both languages (django-modeltranslation): item and category names,
task templates and their checks."""

from modeltranslation.translator import TranslationOptions, register

from operations.models import Item, ItemCategory, TaskTemplate, TaskTemplateItem


@register(Item)
class ItemTranslation(TranslationOptions):
    fields = ("name",)


@register(ItemCategory)
class ItemCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(TaskTemplate)
class TaskTemplateTranslation(TranslationOptions):
    fields = ("title",)


@register(TaskTemplateItem)
class TaskTemplateItemTranslation(TranslationOptions):
    fields = ("text",)
