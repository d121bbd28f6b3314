import "./task_statistics";
