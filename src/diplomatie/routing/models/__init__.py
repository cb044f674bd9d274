from diplomatie.routing.models.addressing import Addressing, AddressingOrigin, Mode
from diplomatie.routing.models.distribution import DistributionList
from diplomatie.routing.models.roster import DutyAssignment
from diplomatie.routing.models.rule import RoutingRule
from diplomatie.routing.models.task import OPEN_STATES, Task, TaskEvent, TaskState

__all__ = [
    "OPEN_STATES",
    "Addressing",
    "AddressingOrigin",
    "DistributionList",
    "DutyAssignment",
    "Mode",
    "RoutingRule",
    "Task",
    "TaskEvent",
    "TaskState",
]
