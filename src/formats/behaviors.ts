// behaviors.json: {"<name>": "<description>"}, the behaviors, judge qualities and variation dimensions alike.

import { z } from 'zod';

export const behaviorsSchema = z.record(z.string().min(1), z.string());

export type Behaviors = z.output<typeof behaviorsSchema>;
