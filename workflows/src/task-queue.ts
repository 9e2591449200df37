/** The task queue of the project workflows and their activities. */
export const TASK_QUEUE = 'qiancheng-projects';
