/**
 * A promise queue: tasks given to it run one at a time, in the order given,
 * each starting once the one before has settled; a failed task does not stop
 * it. For work that must not interleave within one process, such as appends
 * to a hash chain or a log. It is a task limit of one (./task-limit.ts).
 */
import { createTaskLimit, type TaskQueue } from './task-limit';

export type SerialQueue = TaskQueue;

export const createSerialQueue = (): SerialQueue => createTaskLimit(1);
