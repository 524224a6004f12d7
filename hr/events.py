"""What HR tells the departments above it. Sent from services inside ``transaction.on_commit``.

Receivers get ids and dates only (``employee_id``, ``request_id``, ...) and enqueue a task of their own.
"""

from django.dispatch import Signal

employee_hired = Signal()  # employee_id
employee_left = Signal()  # employee_id, last_day
leave_approved = Signal()  # request_id, employee_id, start_date, end_date
leave_cancelled = Signal()  # request_id, employee_id, start_date, end_date
