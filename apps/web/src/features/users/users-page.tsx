import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorNotice } from '../../ui/error-notice';
import { useFieldErrors } from '../../ui/field-errors';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { QueryState } from '../../ui/query-state';
import { useSingleFlightMutation } from '../../ui/use-single-flight';

type User = components['schemas']['UserViewDto'];
type Role = User['role'];
const ROLES = ['agent', 'manager', 'compliance', 'admin'] as const satisfies readonly Role[];
type ActiveFilter = 'true' | 'false' | '';

/** User accounts (admin): list, create, change role, reset a password, deactivate — each audited by the api. */
export function UsersPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const [creating, setCreating] = useState(false);
  const [role, setRole] = useState<Role | ''>('');
  const [active, setActive] = useState<ActiveFilter>('true');
  const [notice, setNotice] = useState<string | null>(null);
  const users = useQuery({
    queryKey: ['users', { role, active }],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { role: role || undefined, active: active === '' ? undefined : active === 'true' } } })),
  });
  return (
    <Page
      title={t('users.title')}
      actions={
        <button type="button" className="primary" aria-expanded={creating} onClick={() => setCreating(!creating)}>
          {t('users.create.open')}
        </button>
      }
    >
      {creating && (
        <CreateUserForm
          onCreated={(user) => {
            setCreating(false);
            setNotice(t('users.create.created', { email: user.email }));
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {notice && (
        <p className="ok" role="status" data-testid="users-notice">
          {notice}
        </p>
      )}
      <div className="row">
        <label>
          {t('users.filter.role')}
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
            <option value="">{t('users.filter.anyRole')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`users.roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('users.filter.active')}
          <select name="active" value={active} onChange={(e) => setActive(e.target.value as ActiveFilter)}>
            <option value="true">{t('users.filter.activeOnly')}</option>
            <option value="false">{t('users.filter.inactiveOnly')}</option>
            <option value="">{t('users.filter.all')}</option>
          </select>
        </label>
      </div>
      <QueryState query={users} isEmpty={(data) => data.length === 0} empty={t('users.none')}>
        {(data) => (
          <table className="data" data-testid="users">
            <thead>
              <tr>
                <th scope="col">{t('users.columns.name')}</th>
                <th scope="col">{t('users.columns.email')}</th>
                <th scope="col">{t('users.columns.role')}</th>
                <th scope="col">{t('users.columns.active')}</th>
                <th scope="col">{t('users.columns.lastLogin')}</th>
                <th scope="col">{t('users.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((user) => (
                <UserRow key={user.id} user={user} onDone={setNotice} />
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </Page>
  );
}

function UserRow({ user, onDone }: { user: User; onDone: (notice: string) => void }) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const client = useQueryClient();
  const [role, setRole] = useState<Role>(user.role);
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const name = user.displayName;
  const update = useSingleFlightMutation({
    mutationFn: (changes: components['schemas']['UpdateUserDto']) => unwrap(api.PATCH('/users/{id}', { params: { path: { id: user.id } }, body: changes })),
    onSuccess: async (updated, changes) => {
      if (changes.password) {
        setResetting(false);
        setPassword('');
        onDone(t('users.passwordReset', { name }));
      } else if (changes.role) onDone(t('users.roleChanged', { name, role: t(`users.roles.${updated.role}`) }));
      else if (changes.active) onDone(t('users.reactivated', { name }));
      await client.invalidateQueries({ queryKey: ['users'] });
    },
    onError: () => setRole(user.role),
  });
  const passwordProblem = useFieldErrors(update.error)('password');
  const deactivate = useSingleFlightMutation({
    mutationFn: () => unwrap(api.DELETE('/users/{id}', { params: { path: { id: user.id } } })),
    onSuccess: async () => {
      onDone(t('users.deactivated', { name }));
      await client.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const resetPassword = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ password });
  };
  return (
    <tr data-user={user.email} className={user.active ? undefined : 'users-inactive'}>
      <td>{name}</td>
      <td>{user.email}</td>
      <td>
        <div className="users-actions">
          <select aria-label={t('users.roleOf', { name })} value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={update.isPending}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`users.roles.${r}`)}
              </option>
            ))}
          </select>
          {role !== user.role && (
            <button type="button" onClick={() => update.mutate({ role })} disabled={update.isPending}>
              {t('users.changeRole')}
            </button>
          )}
        </div>
      </td>
      <td>{user.active ? t('users.active') : t('users.inactive')}</td>
      <td>{user.lastLoginAt ? formatDateTime(user.lastLoginAt, i18n.resolvedLanguage ?? 'en') : t('users.never')}</td>
      <td>
        <div className="users-actions">
          {resetting ? (
            <form onSubmit={resetPassword} className="users-actions">
              <input
                type="password"
                aria-label={t('users.newPasswordOf', { name })}
                {...passwordProblem.control}
                autoComplete="new-password"
                required
                minLength={10}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoFocus
              />
              <button type="submit" className="primary" disabled={update.isPending}>
                {t('users.setPassword')}
              </button>
              <button type="button" onClick={() => setResetting(false)}>
                {t('common.cancel')}
              </button>
            </form>
          ) : (
            <button type="button" onClick={() => setResetting(true)}>
              {t('users.resetPassword')}
            </button>
          )}
          {user.active ? (
            <ConfirmButton label={t('users.deactivate')} question={t('users.deactivateQuestion', { name })} onConfirm={() => deactivate.mutate()} disabled={deactivate.isPending} />
          ) : (
            <button type="button" onClick={() => update.mutate({ active: true })} disabled={update.isPending}>
              {t('users.reactivate')}
            </button>
          )}
        </div>
        {passwordProblem.message}
        <ErrorNotice error={update.error ?? deactivate.error} />
      </td>
    </tr>
  );
}

function CreateUserForm({ onCreated, onCancel }: { onCreated: (user: User) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const client = useQueryClient();
  const [form, setForm] = useState({ email: '', displayName: '', password: '', role: 'agent' as Role });
  const create = useSingleFlightMutation({
    mutationFn: () => unwrap(api.POST('/users', { body: form })),
    onSuccess: async (user) => {
      await client.invalidateQueries({ queryKey: ['users'] });
      onCreated(user);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const problem = useFieldErrors(create.error);
  return (
    <form className="panel users-create" onSubmit={submit} aria-labelledby="create-user-title">
      <div className="panel-body">
        <h2 id="create-user-title">{t('users.create.title')}</h2>
        <div className="users-form">
          <label>
            {t('users.create.email')}
            <input name="email" {...problem('email').control} type="email" required autoFocus value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
            {problem('email').message}
          </label>
          <label>
            {t('users.create.displayName')}
            <input name="displayName" {...problem('displayName').control} required maxLength={120} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
            {problem('displayName').message}
          </label>
          <label>
            {t('users.create.password')}
            <input
              name="password"
              {...problem('password').control}
              type="password"
              autoComplete="new-password"
              required
              minLength={10}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
            {problem('password').message}
          </label>
          <label>
            {t('users.create.role')}
            <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`users.roles.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <div className="row">
            <button type="submit" className="primary" disabled={create.isPending}>
              {t('users.create.submit')}
            </button>
            <button type="button" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
        <ErrorNotice error={create.error} />
      </div>
    </form>
  );
}
