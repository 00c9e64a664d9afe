import { useState } from 'preact/hooks';
import { ApiError } from '../api/errors';
import { register, Session } from '../api/session';

interface Props {
  notice?: string;
  onSignedIn(session: Session): void;
  onEnded(): void;
}

type Errors = { name?: string; password?: string; form?: string };

export function LoginView({ notice, onSignedIn, onEnded }: Props) {
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const registering = mode === 'register';

  const submit = async (e: Event) => {
    e.preventDefault();
    const found = check(name, password, registering);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      if (registering) await register(name.trim(), password);
      onSignedIn(await Session.login(name.trim(), password, onEnded));
    } catch (error) {
      setErrors(explain(error));
      setBusy(false);
    }
  };

  const switchMode = () => {
    setMode(registering ? 'login' : 'register');
    setErrors({});
  };

  return (
    <main class="login">
      <form class="login-card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <Logo />
        <h1 id="login-title">{registering ? 'Create your account' : 'Sign in to Chat'}</h1>
        {notice && !errors.form && <p class="notice" role="status">{notice}</p>}
        <Field id="name" label="Name" value={name} error={errors.name} onInput={setName}
          autocomplete="username" hint={registering ? '2 to 32 letters, digits, dots, dashes or underscores.' : undefined} />
        <Field id="password" label="Password" type="password" value={password} error={errors.password} onInput={setPassword}
          autocomplete={registering ? 'new-password' : 'current-password'} hint={registering ? 'At least 8 characters.' : undefined} />
        {errors.form && <p class="form-error" role="alert">{errors.form}</p>}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Please wait…' : registering ? 'Create account' : 'Sign in'}
        </button>
        <p class="switch">
          {registering ? 'Already have an account?' : 'New here?'}{' '}
          <button type="button" class="link" onClick={switchMode}>
            {registering ? 'Sign in' : 'Create an account'}
          </button>
        </p>
      </form>
    </main>
  );
}

function Logo() {
  return (
    <svg class="brand" viewBox="0 0 48 48" width="44" height="44" aria-hidden="true" focusable="false">
      <rect x="4" y="6" width="34" height="26" rx="8" fill="#2f5bd3" />
      <path d="M12 32 L12 41 L21 32 Z" fill="#2f5bd3" />
      <rect x="16" y="16" width="28" height="22" rx="7" fill="#7fb3ff" opacity="0.9" />
      <circle cx="24" cy="27" r="2.2" fill="#fff" />
      <circle cx="30" cy="27" r="2.2" fill="#fff" />
      <circle cx="36" cy="27" r="2.2" fill="#fff" />
    </svg>
  );
}

interface FieldProps {
  id: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
  type?: string;
  autocomplete: string;
  onInput(value: string): void;
}

function Field({ id, label, value, error, hint, type = 'text', autocomplete, onInput }: FieldProps) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>{label}</label>
      <input id={id} name={id} type={type} value={value} autocomplete={autocomplete} required
        aria-invalid={error ? 'true' : undefined} aria-describedby={described}
        onInput={(e) => onInput(e.currentTarget.value)} />
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

function check(name: string, password: string, registering: boolean): Errors {
  const errors: Errors = {};
  if (!name.trim()) errors.name = 'Enter your name.';
  if (!password) errors.password = 'Enter your password.';
  else if (registering && password.length < 8) errors.password = 'The password must have at least 8 characters.';
  return errors;
}

function explain(error: unknown): Errors {
  if (!(error instanceof ApiError)) return { form: 'The server cannot be reached. Check the connection and try again.' };
  if (error.status === 409) return { name: error.title };
  const fields = error.fields;
  if (fields.name || fields.password) {
    return { name: fields.name?.join(' '), password: fields.password?.join(' ') };
  }
  return { form: error.title };
}
