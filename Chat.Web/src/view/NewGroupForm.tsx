import { useEffect, useRef, useState } from 'preact/hooks';
import { hubFailure } from '../api/errors';
import type { ChatClient } from '../client';
import type { ConversationKey } from '../state/chat';

interface Props {
  client: ChatClient;
  onCreated(key: ConversationKey): void;
  onCancel(): void;
}

export function NewGroupForm({ client, onCreated, onCancel }: Props) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);

  useEffect(() => nameInput.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) {
      setError('Give the group a name.');
      return;
    }
    setBusy(true);
    try {
      onCreated(await client.createGroup(name.trim(), description.trim()));
    } catch (failure) {
      setError(hubFailure(failure).reason);
      setBusy(false);
    }
  };

  return (
    <form class="new-group" onSubmit={submit} aria-label="New group" noValidate>
      <div class={error ? 'field invalid' : 'field'}>
        <label for="group-name">Group name</label>
        <input id="group-name" ref={nameInput} value={name} maxLength={64} required aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'group-name-error' : undefined} onInput={(e) => setName(e.currentTarget.value)} />
        {error && <p class="field-error" id="group-name-error">{error}</p>}
      </div>
      <div class="field">
        <label for="group-description">Description <span class="muted">(optional)</span></label>
        <input id="group-description" value={description} maxLength={200} onInput={(e) => setDescription(e.currentTarget.value)} />
      </div>
      <div class="actions">
        <button type="button" class="quiet" onClick={onCancel}>Cancel</button>
        <button type="submit" class="primary" disabled={busy}>Create group</button>
      </div>
    </form>
  );
}
