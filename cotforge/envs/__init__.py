"""The online environment: problems as plain rows, an endless de-duplicated stream mixing tasks,
a curriculum over levels, and reward callbacks for RL trainers that feed it."""

from cotforge.envs.curriculum import Curriculum, CurriculumConfig
from cotforge.envs.rewards import StreamReward
from cotforge.envs.stream import ExhaustedWarning, Stream, StreamExhaustedError, normalize_question

__all__ = ["Curriculum", "CurriculumConfig", "ExhaustedWarning", "Stream", "StreamExhaustedError", "StreamReward",
           "normalize_question"]
