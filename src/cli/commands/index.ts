import type { Command } from '../command.js';
import { serve } from './serve.js';
import { usersCreate } from './users-create.js';

/** Every CLI command; `hostplane help` lists them in this order. */
export const commands: Command[] = [serve, usersCreate];
