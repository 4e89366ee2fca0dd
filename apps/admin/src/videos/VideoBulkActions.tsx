// Bulk actions of the videos list: publish, unpublish and delete the selected rows, each after
// a confirmation. The API has no batch routes, so each video is one request; the notification
// says how many succeeded and why any did not.
import PublishIcon from '@mui/icons-material/Publish';
import UnpublishedIcon from '@mui/icons-material/Unpublished';
import { useState } from 'react';
import { BulkDeleteButton, Button, Confirm, useListContext, useNotify, useRefresh, useUnselectAll } from 'react-admin';
import { forEachRecord } from '../dataProvider';
import { errorMessage, useReelguardDataProvider } from '../common/useReelguard';

type Command = 'publish' | 'unpublish';

const WORDS: Record<Command, { verb: string; done: string }> = {
  publish: { verb: 'Publish', done: 'published' },
  unpublish: { verb: 'Unpublish', done: 'unpublished' },
};

function BulkCommandButton({ command }: { command: Command }) {
  const { selectedIds } = useListContext();
  const dataProvider = useReelguardDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll('videos');
  const [open, setOpen] = useState(false);
  const [running, setRunning] = useState(false);
  const words = WORDS[command];
  const count = selectedIds.length;

  const run = async () => {
    setRunning(true);
    try {
      await forEachRecord(selectedIds, words.done, (id) => dataProvider[command](String(id)));
      notify(`${count} video${count === 1 ? '' : 's'} ${words.done}.`, { type: 'success' });
      unselectAll();
    } catch (error) {
      notify(errorMessage(error), { type: 'error' });
    } finally {
      setRunning(false);
      setOpen(false);
      refresh();
    }
  };

  return (
    <>
      <Button
        label={words.verb}
        onClick={() => setOpen(true)}
        disabled={running || count === 0}
        data-testid={`bulk-${command}`}
      >
        {command === 'publish' ? <PublishIcon /> : <UnpublishedIcon />}
      </Button>
      <Confirm
        isOpen={open}
        loading={running}
        title={`${words.verb} ${count} video${count === 1 ? '' : 's'}?`}
        content={
          command === 'publish'
            ? 'Viewers will be able to watch them. Videos that are not ready cannot be published.'
            : 'Viewers will no longer see them, and their open playback sessions end.'
        }
        confirm={words.verb}
        onConfirm={() => void run()}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

export function VideoBulkActions() {
  return (
    <>
      <BulkCommandButton command="publish" />
      <BulkCommandButton command="unpublish" />
      <BulkDeleteButton
        mutationMode="pessimistic"
        confirmTitle="Delete the selected videos?"
        confirmContent="Their files are removed from storage and cannot be recovered."
        data-testid="bulk-delete"
      />
    </>
  );
}
