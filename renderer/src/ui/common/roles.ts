/** The roles an operator or a device can have, in the order they are offered. */
import type { Role } from '../../kit/api';

export const ROLES: readonly Role[] = ['field-officer', 'team-lead'];
