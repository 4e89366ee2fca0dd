// Lifecycle commands on one video, for the show and edit pages: publish or unpublish (a
// video must be ready to publish) and delete after a confirmation.
import PublishIcon from '@mui/icons-material/Publish';
import UnpublishedIcon from '@mui/icons-material/Unpublished';
import { useMutation } from '@tanstack/react-query';
import { Button, DeleteButton, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { errorMessage, useReelguardDataProvider } from '../common/useReelguard';
import type { Video } from '../dataProvider/apiTypes';

export function PublishToggleButton() {
  const video = useRecordContext<Video>();
  const dataProvider = useReelguardDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const { mutate, isPending } = useMutation({
    mutationFn: (command: 'publish' | 'unpublish') => dataProvider[command](String(video?.id)),
    onSuccess: ({ data }) => {
      notify(data.published ? 'Video published.' : 'Video unpublished.', { type: 'success' });
      refresh();
    },
    onError: (error) => notify(errorMessage(error), { type: 'error' }),
  });
  if (!video) return null;
  if (video.published) {
    return (
      <Button label="Unpublish" onClick={() => mutate('unpublish')} disabled={isPending} data-testid="video-unpublish">
        <UnpublishedIcon />
      </Button>
    );
  }
  const ready = video.status === 'ready';
  return (
    <Button
      label="Publish"
      onClick={() => mutate('publish')}
      disabled={isPending || !ready}
      title={ready ? 'Make this video visible to viewers' : 'Only ready videos can be published'}
      data-testid="video-publish"
    >
      <PublishIcon />
    </Button>
  );
}

export function DeleteVideoButton() {
  return (
    <DeleteButton
      mutationMode="pessimistic"
      redirect="list"
      confirmTitle="Delete this video?"
      confirmContent="Its files are removed from storage, open playback sessions end, and this cannot be undone."
      data-testid="video-delete"
    />
  );
}
