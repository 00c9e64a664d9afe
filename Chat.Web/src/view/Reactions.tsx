import { useEffect, useRef } from 'preact/hooks';
import type { Reaction } from '../api/types';
import { quickReactions, reactedBy, reactionLabel } from '../state/actions';

interface ChipsProps {
  reactions: Reaction[];
  me: number;
  nameOf(userId: number): string | undefined;
  onToggle(emoji: string, add: boolean): void;
}

/** One chip per emoji: the count, pressed when one reacted oneself; a click adds or takes back one's own. */
export function ReactionChips({ reactions, me, nameOf, onToggle }: ChipsProps) {
  if (reactions.length === 0) return null;
  return (
    <div class="reactions" role="group" aria-label="Reactions">
      {reactions.map((r) => {
        const mine = reactedBy(r, me);
        const label = reactionLabel(r, nameOf);
        return (
          <button key={r.emoji} type="button" class="chip" aria-pressed={mine} aria-label={label} title={label}
            onClick={() => onToggle(r.emoji, !mine)}>
            <span aria-hidden="true">{r.emoji}</span> <span aria-hidden="true">{r.userIds.length}</span>
          </button>
        );
      })}
    </div>
  );
}

interface PickerProps {
  reactions: Reaction[];
  me: number;
  onPick(emoji: string, add: boolean): void;
  onClose(): void;
}

/** A fixed row of common emoji; opens with focus on the first, Escape closes it. */
export function ReactionPicker({ reactions, me, onPick, onClose }: PickerProps) {
  const row = useRef<HTMLDivElement>(null);

  useEffect(() => {
    row.current?.querySelector('button')?.focus();
  }, []);

  const keyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <div class="picker" role="group" aria-label="Pick a reaction" ref={row} onKeyDown={keyDown}>
      {quickReactions.map((emoji) => {
        const mine = reactions.some((r) => r.emoji === emoji && reactedBy(r, me));
        return (
          <button key={emoji} type="button" aria-label={`React with ${emoji}`} aria-pressed={mine}
            onClick={() => onPick(emoji, !mine)}>
            {emoji}
          </button>
        );
      })}
      <button type="button" class="picker-close" aria-label="Close reactions" onClick={onClose}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
