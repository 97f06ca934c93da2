import type { InferObject, ObjectRequest, ObjectResult, ObjectSchema } from '../types/object.js';
import type { ObjectRouter } from './object-router.js';
import { ObjectRun } from './object-run.js';

/**
 * Asks for an object that matches a schema and returns it validated and typed. The schema goes to each
 * provider in its strongest native form (see `explainObject`); every answer is parsed, repaired where
 * only its syntax is wrong, and validated locally, the local validator being the authority. A rejected
 * answer is asked again of the same target with the problems as feedback (up to `maxReasks` times),
 * then the next target of the plan is tried. Every step is in `response.trail` (`structured` on the
 * attempt: `schema_invalid`, `repaired`, `reasked`). When nothing validates, `ObjectValidationError`
 * carries the raw answers, the issues and the trail.
 *
 * @example
 * const Person = z.object({ name: z.string(), age: z.number().int().optional() });
 * const { object, response } = await completeObject(router, {
 *   model: 'gpt-4o-mini',
 *   messages: [{ role: 'user', content: 'Ada Lovelace, 36' }],
 *   schema: Person,
 * });
 * object.name; // string
 * response.trail; // every attempt, re-asks and fallbacks included
 */
export async function completeObject<Schema extends ObjectSchema>(
  router: ObjectRouter,
  request: ObjectRequest<Schema>,
): Promise<ObjectResult<InferObject<Schema>>> {
  const run = new ObjectRun(router, request);
  for (let question = run.next(); question; question = run.next()) {
    let response: Awaited<ReturnType<ObjectRouter['complete']>>;
    try {
      response = await router.complete(question.request, question.options);
    } catch (error) {
      run.failed(error, { final: false });
      continue;
    }
    const accepted = await run.answered(
      { text: response.text, finishReason: response.finishReason, records: response.trail },
      { final: false },
    );
    if (accepted) {
      response.trail = run.trail.attempts;
      const cost = run.trail.totalCost();
      if (cost) response.cost = cost;
      else delete response.cost;
      return { object: accepted.object as InferObject<Schema>, response };
    }
  }
  throw run.exhausted();
}
