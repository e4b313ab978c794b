import type { Actor } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';
import { actorGroups } from '../actorGroups.ts';

/**
 * The actors as checkboxes, one fieldset a category as elsewhere on the
 * dashboard. `invalid` marks the first box as where focus goes to correct an
 * empty choice (a group of checkboxes has no one field to mark invalid).
 */
export function ActorCheckboxes({
  actors,
  chosen,
  onChange,
  optionTestId,
  invalid = false,
}: {
  actors: readonly Actor[];
  chosen: readonly string[];
  onChange: (actorIds: string[]) => void;
  optionTestId: string;
  invalid?: boolean;
}) {
  const { t } = useTranslation();
  let first = true;
  return actorGroups(actors).map(({ category, list }) => (
    <fieldset key={category} className="actor-chooser__group">
      <legend className="actor-chooser__title">{t(`actors.category.${category}`)}</legend>
      {list.map((actor) => {
        const focusHere = invalid && first;
        first = false;
        return (
          <label key={actor.id} className="check-inline">
            <input
              type="checkbox"
              value={actor.id}
              checked={chosen.includes(actor.id)}
              data-invalid-focus={focusHere ? '' : undefined}
              data-testid={optionTestId}
              onChange={(event) =>
                onChange(event.target.checked ? [...chosen, actor.id] : chosen.filter((id) => id !== actor.id))
              }
            />
            {actor.name}
          </label>
        );
      })}
    </fieldset>
  ));
}
