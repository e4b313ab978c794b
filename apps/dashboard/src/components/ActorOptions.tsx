import type { Actor } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';
import { actorGroups } from '../actorGroups.ts';

/**
 * The options of an actor select, one optgroup a category. While the actors
 * load, the one option is the current value, so the select keeps it.
 */
export function ActorOptions({ actors, value }: { actors: Actor[] | null; value: string }) {
  const { t } = useTranslation();
  if (!actors) return <option value={value}>{t('actors.loading')}</option>;
  return actorGroups(actors).map(({ category, list }) => (
    <optgroup key={category} label={t(`actors.category.${category}`)}>
      {list.map((actor) => (
        <option key={actor.id} value={actor.id}>
          {actor.name}
        </option>
      ))}
    </optgroup>
  ));
}
