/** The full and incremental runs of a temporal check that judges each link on its own (T101, T104, T105). */
import { throwIfCancelled } from '../../cancellation.js';
import type { Check, CheckContext } from '../check.js';
import { holdersToJudge, LINK_ASPECTS, linksOf, type ListLink } from './shared.js';

/**
 * `run` and `incremental` of a check that judges each `causes` or `prevents`
 * link on its own: over every link, or over the links of the edited beats
 * and those joining a beat that moved in time (`holdersToJudge`).
 */
export function eachLink<Anchor>(kind: 'causes' | 'prevents', judge: (context: CheckContext<Anchor>, link: ListLink) => void): Pick<Check<Anchor>, 'run' | 'incremental'> {
  return {
    run(context) {
      for (const link of context.derived.temporalLinks[kind]) {
        throwIfCancelled(context.token);
        judge(context, link);
      }
    },
    incremental: {
      aspects: [...LINK_ASPECTS, 'order'],
      run(context, changes) {
        for (const holder of holdersToJudge(context.project, changes, [kind])) {
          throwIfCancelled(context.token);
          for (const link of linksOf(holder, kind)) judge(context, link);
        }
      },
    },
  };
}
