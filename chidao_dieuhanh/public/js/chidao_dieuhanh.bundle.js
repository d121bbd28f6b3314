import "./task_statistics";
import "./directive_tasks";
