import { z } from 'zod';

/**
 * Every workflow run builds its own copy of each schema (the worker evaluates workflow modules afresh per run), so
 * zod's compiled fast path would be compiled again in every run for the handful of parses it serves there.
 * Interpreting parses the same way and costs less.
 */
z.config({ jitless: true });
