"""HR's company data in both languages (django-modeltranslation): names of leave types, hiring
stages, checklists and their tasks, and courses. ``glossary`` (Bulgarian -> English) completes
the demo data and rows written before the names had two languages."""

from modeltranslation.translator import TranslationOptions, register

from hr.models import ChecklistTemplate, ChecklistTemplateTask, Course, HiringStage, LeaveType


@register(LeaveType)
class LeaveTypeTranslation(TranslationOptions):
    fields = ("name",)
    glossary = {
        "Платен годишен отпуск": "Paid annual leave",
        "Болничен": "Sick leave",
        "Неплатен отпуск": "Unpaid leave",
    }


@register(HiringStage)
class HiringStageTranslation(TranslationOptions):
    fields = ("name",)
    glossary = {
        "Кандидатури": "Applications",
        "Подбор": "Screening",
        "Интервю": "Interview",
        "Оферта": "Offer",
    }


@register(ChecklistTemplate)
class ChecklistTemplateTranslation(TranslationOptions):
    fields = ("name",)
    glossary = {"Постъпване": "Onboarding", "Напускане": "Offboarding"}


@register(ChecklistTemplateTask)
class ChecklistTemplateTaskTranslation(TranslationOptions):
    fields = ("title",)
    glossary = {
        "Подписване на трудовия договор и длъжностната характеристика": (
            "Sign the employment contract and the job description"
        ),
        "Подготовка на лаптоп и достъпи": "Prepare the laptop and access",
        "План за първата седмица": "Plan for the first week",
        "Запознаване с правилника за вътрешния ред": "Read the internal rules",
        "Разговор след първия месец": "Talk after the first month",
        "Връщане на лаптоп, ключове и карта": "Return the laptop, keys and card",
        "Спиране на достъпите": "Revoke access",
        "Окончателно плащане и документи": "Final pay and documents",
        "Предаване на работата": "Hand over the work",
    }


@register(Course)
class CourseTranslation(TranslationOptions):
    fields = ("title",)
    glossary = {
        "Безопасност и здраве при работа": "Health and safety at work",
        "Работа с касов апарат": "Using the cash register",
        "Обслужване на клиенти": "Customer service",
    }
