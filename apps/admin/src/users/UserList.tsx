// Users: who has an account, with which role; an admin changes a role or disables an account
// right in the list (the API has no user page to open).
import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import { Chip, MenuItem, Select, type SelectChangeEvent } from '@mui/material';
import { useState } from 'react';
import {
  Button,
  Confirm,
  CreateButton,
  DataTable,
  DateField,
  List,
  TopToolbar,
  useGetIdentity,
  useNotify,
  useRecordContext,
  useUpdate,
} from 'react-admin';
import { EmptyState } from '../common/EmptyState';
import { errorMessage } from '../common/useReelguard';
import { ROLES, type Role, type User } from '../dataProvider/apiTypes';

function useUserUpdate() {
  const notify = useNotify();
  const [update, { isPending }] = useUpdate<User>();
  const change = (user: User, data: Partial<Pick<User, 'role' | 'disabled'>>, done: string): void =>
    void update(
      'users',
      { id: user.id, data, previousData: user },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => notify(done, { type: 'success' }),
        onError: (error) => notify(errorMessage(error), { type: 'error' }),
      },
    );
  return { change, isPending };
}

function RoleSelect() {
  const user = useRecordContext<User>();
  const { change, isPending } = useUserUpdate();
  if (!user) return null;
  const onChange = (event: SelectChangeEvent<Role>) => {
    const role = event.target.value as Role;
    if (role !== user.role) change(user, { role }, `${user.email} is now ${role}.`);
  };
  return (
    <Select<Role>
      size="small"
      value={user.role}
      onChange={onChange}
      disabled={isPending}
      inputProps={{ 'aria-label': `Role of ${user.email}` }}
      data-testid="user-role-select"
      sx={{ minWidth: 120 }}
    >
      {ROLES.map((role) => (
        <MenuItem key={role} value={role}>
          {role}
        </MenuItem>
      ))}
    </Select>
  );
}

function DisableToggle() {
  const user = useRecordContext<User>();
  const { identity } = useGetIdentity();
  const { change, isPending } = useUserUpdate();
  const [confirming, setConfirming] = useState(false);
  if (!user) return null;
  if (user.disabled) {
    return (
      <Button
        label="Enable"
        onClick={() => change(user, { disabled: false }, `${user.email} can sign in again.`)}
        disabled={isPending}
        aria-label={`Enable ${user.email}`}
        data-testid="user-enable"
      >
        <CheckCircleIcon />
      </Button>
    );
  }
  const self = identity?.id === user.id;
  return (
    <>
      <Button
        label="Disable"
        onClick={() => setConfirming(true)}
        disabled={isPending || self}
        title={self ? 'You cannot disable your own account' : undefined}
        aria-label={`Disable ${user.email}`}
        data-testid="user-disable"
      >
        <BlockIcon />
      </Button>
      <Confirm
        isOpen={confirming}
        loading={isPending}
        title={`Disable ${user.email}?`}
        content="They can no longer sign in, and their playback sessions stop being renewed."
        confirm="Disable"
        onConfirm={() => {
          change(user, { disabled: true }, `${user.email} is disabled.`);
          setConfirming(false);
        }}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}

function AccountState() {
  const user = useRecordContext<User>();
  if (!user) return null;
  return user.disabled ? (
    <Chip size="small" label="disabled" color="error" variant="outlined" data-testid="user-state" />
  ) : (
    <Chip size="small" label="active" color="success" variant="outlined" data-testid="user-state" />
  );
}

function UserListActions() {
  return (
    <TopToolbar>
      <CreateButton label="New user" data-testid="user-create" />
    </TopToolbar>
  );
}

export default function UserList() {
  return (
    <List
      title="Users"
      actions={<UserListActions />}
      sort={{ field: 'email', order: 'ASC' }}
      perPage={50}
      empty={<EmptyState title="No users yet" testId="users-empty" />}
    >
      <DataTable rowClick={false} bulkActionButtons={false} data-testid="users-table">
        <DataTable.Col source="email" label="Email" />
        <DataTable.Col source="role" label="Role">
          <RoleSelect />
        </DataTable.Col>
        <DataTable.Col source="disabled" label="State" disableSort>
          <AccountState />
        </DataTable.Col>
        <DataTable.Col source="createdAt" label="Created">
          <DateField source="createdAt" showTime />
        </DataTable.Col>
        <DataTable.Col label="Actions" disableSort>
          <DisableToggle />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
