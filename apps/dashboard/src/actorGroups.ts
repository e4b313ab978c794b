import { type Actor, type ActorCategory, actorCategories } from '@samverkan/contracts';

/** The actors by category, in the dashboard's category order, each group by name; empty groups left out. */
export function actorGroups(actors: readonly Actor[]): Array<{ category: ActorCategory; list: Actor[] }> {
  return actorCategories
    .map((category) => ({
      category,
      list: actors.filter((a) => a.category === category).sort((a, b) => a.name.localeCompare(b.name, 'sv')),
    }))
    .filter((group) => group.list.length > 0);
}
