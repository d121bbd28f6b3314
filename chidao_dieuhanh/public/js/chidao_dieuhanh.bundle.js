import "./task_statistics";
import "./directive_tasks";
import "./list_pills";
import "./leader_instructions";
