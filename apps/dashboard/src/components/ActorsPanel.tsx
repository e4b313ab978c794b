import { type Actor, type ActorCategory, actorCategories } from '@samverkan/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useLiveStore } from '../live.ts';

/** The actors of the region, grouped by category, the user's own marked. */
export function ActorsPanel({ ownActorId }: { ownActorId: string }) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const [actors, setActors] = useState<Actor[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api.actors().then(
      (list) => {
        if (!cancelled) setActors(list);
      },
      (err: unknown) => {
        store.handleError(err);
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [store]);

  const groups = new Map<ActorCategory, Actor[]>(actorCategories.map((c) => [c, []]));
  for (const actor of actors ?? []) groups.get(actor.category)?.push(actor);
  for (const list of groups.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'sv'));

  return (
    <section className="panel panel--actors" aria-labelledby="actors-heading">
      <header className="panel__header">
        <h2 id="actors-heading" className="panel__title">
          {t('actors.title')}
        </h2>
        {actors && <span className="panel__count">{t('actors.count', { count: actors.length })}</span>}
      </header>
      {!actors && !failed && <p className="panel__empty">{t('actors.loading')}</p>}
      {failed && <p className="panel__empty panel__empty--error">{t('actors.failed')}</p>}
      {actors &&
        actorCategories.map((category) => {
          const list = groups.get(category) ?? [];
          if (list.length === 0) return null;
          const id = `actors-${category}`;
          return (
            <section key={category} className="actor-group" aria-labelledby={id}>
              <h3 id={id} className="actor-group__title">
                {t(`actors.category.${category}`)} <span className="actor-group__count">{list.length}</span>
              </h3>
              <ul className={`actor-grid actor-grid--${category}`}>
                {list.map((actor) => (
                  <li
                    key={actor.id}
                    className={`actor${actor.id === ownActorId ? ' actor--own' : ''}`}
                    data-testid="actor"
                    data-actor-id={actor.id}
                  >
                    <span className="actor__name" title={actor.name}>
                      {shortName(actor)}
                    </span>
                    {actor.municipalityCode && <span className="actor__code">{actor.municipalityCode}</span>}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
    </section>
  );
}

/** Under the heading "Kommun", "Botkyrka kommun" reads as "Botkyrka"; other names stay whole. */
function shortName(actor: Actor): string {
  return actor.category === 'kommun' ? actor.name.replace(/ kommun$/, '') : actor.name;
}
